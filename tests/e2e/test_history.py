"""A staff member changes a coupon's uses and expires an enrollment, then reads both
changes, with their before and after values, in the school's history and on the records'
own pages."""

import re

import pytest
from playwright.sync_api import expect

from apps.connections.services import client_for
from apps.history.models import Entry
from tests.conftest import grant
from tests.e2e.conftest import ARTIFACTS
from tests.users.sandbox import sandbox_school

PERMISSIONS = ("view_coupons", "change_coupons", "view_enrollments", "change_enrollments")


def shoot(page, name: str) -> None:
    """The page at a desktop's width and at a phone's."""
    for width, height in ((1280, 860), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=ARTIFACTS / f"{name}_{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 860})


@pytest.mark.django_db(transaction=True)
def test_a_coupon_edit_and_an_expiry_in_the_history(page, live_server, login, settings):
    settings.THINKIFIC_RATE_LIMIT = 100_000
    school = sandbox_school(live_server, subdomain="browser-history", users=3, slug="bakery")
    user = login()
    school.members.add(user)
    grant(user, *PERMISSIONS, "view_history")
    setup = client_for(school)
    setup.listeners = ()  # the records made for the test are no entries of it
    promotion = setup.promotions.create(name="Spring", discount_type="percentage", amount=10)
    coupon = setup.coupons.create(promotion.id, code="SPRING10", quantity=5)
    student = setup.users.create(first_name="Mary", last_name="Berry", email="mary@example.com")
    course = setup.courses.list(limit=1).items[0]
    enrollment = setup.enrollments.create(
        user_id=student.id,
        course_id=course.id,
        activated_at="2026-01-05T09:00:00Z",
        expiry_date="2030-06-30T12:00:00Z",
    )

    coupon_url = f"{live_server.url}/s/bakery/promotions/{promotion.id}/coupons/{coupon.id}/"
    page.goto(f"{coupon_url}edit/")
    page.get_by_label("Uses").fill("25")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("status")).to_contain_text("SPRING10")

    page.goto(f"{live_server.url}/s/bakery/enrollments/{enrollment.id}/")
    page.get_by_role("link", name="Expire now").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Yes, expire now").click()
    expect(page.get_by_role("status")).to_contain_text("access has ended")

    page.get_by_role("link", name="History", exact=True).click()
    expect(page).to_have_url(re.compile(r"/s/bakery/history/$"))
    entries = page.locator(".history-entry")
    expect(entries).to_have_count(2)
    expiry, edit = entries.nth(0), entries.nth(1)  # newest first
    expect(expiry).to_contain_text("Changed Enrollment Mary Berry in")
    expect(expiry.locator("tr", has_text="Expiry date").locator(".before")).to_contain_text(
        "Jun 30, 2030"
    )
    expect(expiry.locator("tr", has_text="Expiry date").locator(".after")).not_to_contain_text(
        "2030"
    )
    expect(edit).to_contain_text("Changed Coupon SPRING10")
    quantity = edit.locator("tr", has_text="Uses")  # the coupon form's label
    expect(quantity.locator(".before")).to_have_text("5")
    expect(quantity.locator(".after")).to_have_text("25")
    expect(edit).to_contain_text(f"by {user.username}")
    expect(edit).to_contain_text("as the portal read it")
    shoot(page, "history_list")
    assert Entry.objects.filter(user=user, connection=school).count() == 2

    page.get_by_label("Action").select_option("update")
    page.get_by_label("Resource").select_option("coupons")
    expect(entries).to_have_count(1)
    expect(entries.first).to_contain_text("SPRING10")

    page.goto(coupon_url)
    panel = page.locator("#history")
    expect(panel.locator(".history-entry")).to_have_count(1)
    expect(panel.locator("tr", has_text="Uses").locator(".after")).to_have_text("25")
    shoot(page, "history_panel")
