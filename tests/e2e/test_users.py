"""A staff member creates, edits, finds and deletes a user in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import grant
from tests.e2e.conftest import ARTIFACTS
from tests.users.sandbox import sandbox_school

USERS = ("view_users", "add_users", "change_users", "delete_users")


@pytest.fixture
def school(live_server, settings):
    settings.THINKIFIC_RATE_LIMIT = 100_000
    return sandbox_school(live_server, subdomain="browser-users", users=30, slug="academy")


@pytest.fixture
def manager(login, school):
    user = login()
    school.members.add(user)
    return grant(user, *USERS, "view_enrollments", "view_orders")


@pytest.mark.django_db(transaction=True)
def test_create_edit_find_and_delete_a_user(page, live_server, school, manager):
    base = f"{live_server.url}/s/academy/users/"
    logged = []
    page.on("console", lambda message: logged.append(message.text))
    page.goto(base)
    expect(page.get_by_role("heading", name="Users", exact=True)).to_be_visible()
    page.get_by_role("link", name="Add a user").click()

    # Create: the affiliate settings appear with the role; a bad commission is caught
    # beside its field, and nothing typed is lost.
    page.get_by_label("First name").fill("Grace")
    page.get_by_label("Last name").fill("Hopper")
    page.get_by_label("Email", exact=True).fill("grace.browser@example.com")
    page.get_by_label("Password").fill("cobol-1959")
    expect(page.get_by_label("Commission", exact=True)).to_be_hidden()
    page.get_by_label("Affiliate", exact=True).check()
    page.get_by_label("Commission", exact=True).fill("150")
    page.get_by_label("Payout email").fill("pay@example.com")
    for field in page.locator("fieldset:has(legend:text('Custom profile fields')) input").all():
        field.fill("Answer")
    # The form answers 422 with its errors; htmx (configured in base.html) swaps it in.
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="Create user").click()
    assert answer.value.status == 422
    expect(page.locator("#id_affiliate_commission_error")).to_have_text(
        "A percentage is more than 0 and at most 100."
    )
    # The summary of what went wrong takes the focus and is in view, the page scrolled to it.
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    # A 422 the page handles is no error for htmx to report in the console.
    assert not [text for text in logged if "Response Status Error" in text]
    expect(page.get_by_label("First name")).to_have_value("Grace")
    # The password is never sent back; the field says so.
    expect(page.get_by_label("Password")).to_have_value("")
    expect(page.locator("#id_password_error")).to_contain_text(
        "For safety the password is not shown again"
    )
    assert "cobol-1959" not in page.content()
    page.screenshot(path=ARTIFACTS / "users_form_errors.png", full_page=True)
    page.get_by_label("Password").fill("cobol-1959")
    page.get_by_label("Commission", exact=True).fill("10")
    page.get_by_role("button", name="Create user").click()

    expect(page.get_by_role("status")).to_contain_text("Created the user Grace Hopper")
    expect(page).to_have_url(re.compile(r"/s/academy/users/\d+/$"))
    expect(page.get_by_role("heading", name="Grace Hopper")).to_be_visible()
    expect(page.locator("#enrollments")).to_contain_text("Not enrolled in any course.")
    page.screenshot(path=ARTIFACTS / "users_detail.png", full_page=True)

    # Edit.
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Company").fill("US Navy")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("status")).to_contain_text("Saved the changes to Grace Hopper")
    expect(page.locator(".facts").first).to_contain_text("US Navy")
    # Renamed: the message names the user as they are now.
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("First name").fill("Amazing Grace")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("status")).to_contain_text("Saved the changes to Amazing Grace Hopper")
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("First name").fill("Grace")
    page.get_by_role("button", name="Save changes").click()
    # Saved before leaving: the save's redirect must not land after the next page.
    expect(page.get_by_role("status")).to_contain_text("Saved the changes to Grace Hopper")

    # Find: the filter updates the results in place and the URL, and back/forward work.
    page.goto(base)
    page.get_by_label("Role").select_option("affiliate")
    expect(page).to_have_url(re.compile(r"role=affiliate"))
    page.get_by_label("Email", exact=True).fill("grace.browser@example.com")
    expect(page.locator("#results")).to_contain_text("1 result")
    expect(page).to_have_url(re.compile(r"email=grace.browser%40example.com"))
    # Only the filters that are set are in the URL; Filter again adds no history entry.
    assert "external_source=" not in page.url and "group_id=" not in page.url
    entries = page.evaluate("history.length")
    with page.expect_response(lambda r: "email=grace" in r.url):
        page.get_by_role("button", name="Filter").click()
    assert page.evaluate("history.length") == entries
    page.screenshot(path=ARTIFACTS / "users_list_filtered.png", full_page=True)
    page.get_by_role("link", name="Grace Hopper").click()
    expect(page.get_by_role("heading", name="Grace Hopper")).to_be_visible()
    page.go_back()
    expect(page.locator("#results")).to_contain_text("1 result")
    expect(page.get_by_label("Email", exact=True)).to_have_value("grace.browser@example.com")
    page.go_forward()
    expect(page.get_by_role("heading", name="Grace Hopper")).to_be_visible()

    # Delete, confirming inline; back on the list with its filters.
    page.get_by_role("link", name="Delete").click()
    confirm = page.get_by_role("alertdialog")
    expect(confirm).to_contain_text("Delete the user “Grace Hopper”?")
    page.screenshot(path=ARTIFACTS / "users_delete_inline.png", full_page=True)
    confirm.get_by_role("button", name="Yes, delete").click()
    expect(page.get_by_role("status")).to_contain_text("Deleted the user Grace Hopper")
    expect(page).to_have_url(re.compile(r"/s/academy/users/\?.*email=grace.browser"))
    expect(page.locator("#results")).to_contain_text("No users match these filters.")


@pytest.mark.django_db(transaction=True)
def test_users_pages_fit_a_phone(page, live_server, school, manager):
    page.set_viewport_size({"width": 390, "height": 844})

    def fits(name):
        page.screenshot(path=ARTIFACTS / f"users_{name}_phone.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, name

    page.goto(f"{live_server.url}/s/academy/users/")
    expect(page.locator("#results")).to_contain_text("results")
    fits("list")
    page.locator("#results a").first.click()
    expect(page.locator("#orders")).to_contain_text("read")
    fits("detail")
    page.goto(f"{live_server.url}/s/academy/users/new/")
    page.get_by_label("Affiliate", exact=True).check()
    fits("form")
