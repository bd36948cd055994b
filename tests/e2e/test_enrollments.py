"""A staff member enrolls a user from the user's page, expires the enrollment, undoes it."""

import re

import pytest
from playwright.sync_api import expect

from apps.connections.services import client_for
from tests.conftest import grant
from tests.e2e.conftest import ARTIFACTS
from tests.users.sandbox import sandbox_school

ENROLLMENTS = ("view_enrollments", "add_enrollments", "change_enrollments")


def _shots(page, name: str) -> None:
    """The page at desktop and phone widths, then back to the desktop."""
    page.screenshot(path=ARTIFACTS / f"{name}_1280.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=ARTIFACTS / f"{name}_390.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 860})


@pytest.mark.django_db(transaction=True)
def test_enroll_a_user_expire_and_undo(page, live_server, login, settings):
    settings.THINKIFIC_RATE_LIMIT = 100_000
    school = sandbox_school(live_server, subdomain="browser-enrollments", users=20, slug="bakery")
    user = login()
    school.members.add(user)
    grant(user, *ENROLLMENTS, "view_users", "view_orders", "view_events")
    # A new user, so that no seeded enrollment is in the way.
    student = client_for(school).users.create(
        first_name="Nadiya", last_name="Hussain", email="nadiya@example.com"
    )
    page.goto(f"{live_server.url}/s/bakery/users/{student.id}/")

    page.get_by_role("link", name="Enroll this user").click()
    chosen = page.locator("#user-matches label:has(input[type=radio]:checked)")
    expect(chosen).to_contain_text("Nadiya Hussain (nadiya@example.com)")
    expect(page.get_by_text("Blank makes a free trial")).to_be_visible()
    course = page.get_by_label("Course")
    course.select_option(index=1)
    course_name = course.locator("option:checked").inner_text()
    page.get_by_label("Activated at").fill("2026-01-05T09:00")
    page.get_by_label("Expiry date").fill("2030-06-30T12:00")
    _shots(page, "enrollments_form")
    page.get_by_role("button", name="Create enrollment").click()

    expect(page.get_by_role("status")).to_contain_text(
        f"Created the enrollment of Nadiya Hussain (nadiya@example.com) in {course_name}"
    )
    expect(page).to_have_url(re.compile(r"/s/bakery/enrollments/\d+/$"))
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(course_name)
    expect(heading).to_contain_text("Active")
    _shots(page, "enrollments_detail")

    page.get_by_role("link", name="Expire now").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Yes, expire now").click()
    expect(page.get_by_role("status")).to_contain_text("access has ended")
    expect(heading).to_contain_text("Expired")
    _shots(page, "enrollments_expired")

    page.get_by_role("button", name="Undo: give the access back").click()
    expect(page.get_by_role("status")).to_contain_text("has its access back")
    expect(heading).to_contain_text("Active")
    expect(page.locator(".facts").last).to_contain_text("2030")

    page.goto(f"{live_server.url}/s/bakery/enrollments/")
    expect(page.locator("#results meter").first).to_be_visible()
    _shots(page, "enrollments_list")
    page.goto(f"{live_server.url}/s/bakery/orders/")
    expect(page.get_by_text("takes no filters")).to_be_visible()
    _shots(page, "orders_list")
    page.locator("#results tbody tr td a").first.click()
    expect(page.get_by_role("heading", name="Line items")).to_be_visible()
    _shots(page, "orders_detail")
