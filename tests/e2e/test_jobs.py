"""A staff member bulk-creates coupons, watches the job finish and downloads the codes."""

import csv
import re

import pytest
from playwright.sync_api import expect

from apps.connections.services import client_for
from tests.conftest import grant
from tests.e2e.conftest import ARTIFACTS
from tests.users.sandbox import sandbox_school


@pytest.fixture
def school(live_server):
    return sandbox_school(live_server, subdomain="browser-bulk", users=3, slug="academy")


@pytest.mark.django_db(transaction=True)
def test_bulk_create_ten_coupons_and_download_them(page, live_server, login, school, worker):
    user = login()
    school.members.add(user)
    grant(user, "add_coupons")
    promotion = client_for(school).promotions.list(limit=1).items[0]
    before = {coupon.code for coupon in client_for(school).coupons.all(promotion.id)}

    page.goto(f"{live_server.url}/s/academy/promotions/{promotion.id}/coupons/bulk/")
    expect(page.get_by_role("heading", name=re.compile("Bulk create coupons"))).to_contain_text(
        promotion.name
    )
    page.get_by_label("How many coupons").fill("10")
    page.get_by_label("Code length").fill("5")
    page.get_by_role("button", name="Dry run").click()
    expect(page.get_by_text("Ensure this value is greater than or equal to 6.")).to_be_visible()
    expect(page.get_by_label("How many coupons")).to_have_value("10")  # nothing typed is lost
    page.get_by_label("Code length").fill("7")
    page.get_by_role("button", name="Dry run").click()

    expect(page.get_by_text("Dry run: nothing has been changed on Thinkific.")).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile("Will create 10 coupons"))).to_be_visible()
    page.get_by_role("button", name="Confirm and start").click()

    bar = page.get_by_role("progressbar", name="Rows finished")
    expect(bar).to_be_visible()
    expect(page.locator(".job-progress h2")).to_have_text("Done", timeout=30_000)
    expect(bar).to_have_attribute("value", "1")
    expect(page.get_by_text("1 done · 0 failed · 0 left")).to_be_visible()
    shown = page.locator(".job-items code").all_inner_texts()
    assert len(shown) == 10 and all(len(code) == 7 for code in shown)

    page.screenshot(path=ARTIFACTS / "job_detail_done.png", full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    with open(download.value.path(), encoding="utf-8-sig", newline="") as file:
        lines = list(csv.reader(file))
    assert lines[0] == ["code", "uses", "promotion_id", "coupon_id"]
    assert sorted(line[0] for line in lines[1:]) == sorted(shown)
    assert {line[1] for line in lines[1:]} == {"unlimited"}
    after = {coupon.code for coupon in client_for(school).coupons.all(promotion.id)}
    assert after - before == set(shown)

    page.get_by_role("link", name="Jobs", exact=True).first.click()
    expect(page.get_by_role("link", name=f"10 coupons for {promotion.name}")).to_be_visible()
