"""The portal's one date-time and percentage format, seen on a promotion's page, the
enrollments list and a job's page, at a laptop's width."""

import re

import pytest
from playwright.sync_api import expect

from apps.connections.services import client_for
from tests.conftest import grant
from tests.e2e.conftest import ARTIFACTS
from tests.users.sandbox import sandbox_school

WHEN = re.compile(r"^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{2}:\d{2}$")  # "Dec 7, 2026, 02:45"
PERCENT = re.compile(r"\d(\.\d)?%")  # "75%", "83.3%": no space, at most one decimal


def shot(page, name: str) -> None:
    page.screenshot(path=ARTIFACTS / f"formats_{name}_1366.png", full_page=True)


@pytest.mark.django_db(transaction=True)
def test_dates_and_percentages_read_one_way(page, live_server, login, settings, worker):
    settings.THINKIFIC_RATE_LIMIT = 100_000
    school = sandbox_school(live_server, subdomain="browser-formats", users=20, slug="formats")
    user = login()
    school.members.add(user)
    grant(user, "view_promotions", "add_coupons", "view_enrollments", "view_users")
    page.set_viewport_size({"width": 1366, "height": 900})
    product = client_for(school).products.list(limit=1).items[0]
    promotion = client_for(school).promotions.create(
        name="Quarter off", discount_type="percentage", amount=25, product_ids=[product.id]
    )

    page.goto(f"{live_server.url}/s/formats/promotions/{promotion.id}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Quarter off 25% off")
    shot(page, "promotion")

    page.goto(f"{live_server.url}/s/formats/enrollments/")
    progress = page.locator("#results td:has(meter)").first
    expect(progress).to_have_text(PERCENT)
    assert " %" not in page.locator("#results").inner_text()
    shot(page, "enrollments")

    page.goto(f"{live_server.url}/s/formats/promotions/{promotion.id}/coupons/bulk/")
    page.get_by_label("How many coupons").fill("3")
    page.get_by_label("Code length").fill("8")
    page.get_by_role("button", name="Dry run").click()
    expect(page.get_by_text("Dry run: nothing has been changed on Thinkific.")).to_be_visible()
    page.get_by_role("button", name="Confirm and start").click()
    expect(page.locator(".job-progress h2")).to_have_text("Done", timeout=30_000)
    expect(page.locator(".job-counts strong")).to_have_text("100%")
    expect(page.locator("h1 time")).to_have_text(WHEN)
    shot(page, "job")

    page.get_by_role("link", name="Jobs", exact=True).first.click()
    expect(page.locator("table time").first).to_have_text(WHEN)
    shot(page, "job_list")
