"""A staff member adds an instructor, picking their user by email, then deletes them."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import grant
from tests.e2e.conftest import ARTIFACTS
from tests.users.sandbox import sandbox_school

INSTRUCTORS = ("view_instructors", "add_instructors", "change_instructors", "delete_instructors")


@pytest.mark.django_db(transaction=True)
def test_add_an_instructor_with_a_user_and_delete_them(page, live_server, login, settings):
    settings.THINKIFIC_RATE_LIMIT = 100_000
    school = sandbox_school(live_server, subdomain="browser-instructors", users=20, slug="bakery")
    user = login()
    school.members.add(user)
    grant(user, *INSTRUCTORS, "view_users")
    page.goto(f"{live_server.url}/s/bakery/users/?limit=25")
    email = page.locator("#results tbody tr td.wrap").first.inner_text()

    page.goto(f"{live_server.url}/s/bakery/instructors/")
    expect(page.get_by_role("heading", name="Instructors", exact=True)).to_be_visible()
    page.screenshot(path=ARTIFACTS / "instructors_list.png", full_page=True)
    page.get_by_role("link", name="Add an instructor").click()
    page.get_by_label("First name").fill("Prue")
    page.get_by_label("Last name").fill("Leith")
    page.get_by_label("Title").fill("Judge")
    page.get_by_label("Slug").fill("prue-leith")
    page.get_by_label("Avatar URL").fill("not a url")
    page.get_by_label("Find the user by name or email").fill(email)
    match = page.locator("#user-matches input[type=radio]").first
    expect(match).to_be_visible()
    match.check()
    page.screenshot(path=ARTIFACTS / "instructors_form_picker.png", full_page=True)
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="Create instructor").click()
    assert answer.value.status == 422  # swapped in all the same (base.html's htmx config)
    expect(page.get_by_text("Enter a valid URL.", exact=True)).to_be_visible()
    chosen = page.locator("#user-matches label:has(input[type=radio]:checked)")
    expect(chosen).to_have_count(1)
    expect(chosen).to_contain_text(email)  # by name and email, not "User #4"
    page.get_by_label("Avatar URL").fill(f"{live_server.url}/static/img/favicon.svg")
    page.get_by_role("button", name="Create instructor").click()

    expect(page.get_by_role("status")).to_contain_text("Created the instructor Prue Leith")
    expect(page).to_have_url(re.compile(r"/s/bakery/instructors/\d+/$"))
    expect(page.locator(".facts")).to_contain_text(email)
    expect(page.locator("img.avatar.large")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "instructors_detail.png", full_page=True)

    page.get_by_role("link", name="Delete").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Yes, delete").click()
    expect(page.get_by_role("status")).to_contain_text("Deleted the instructor Prue Leith")
    expect(page).to_have_url(f"{live_server.url}/s/bakery/instructors/")
