"""A staff member makes a promotion for two products, gives it a coupon, bulk-creates ten
more, downloads their codes and finds them all on the promotion's page."""

import csv
import re

import pytest
from playwright.sync_api import expect

from apps.connections.services import client_for
from tests.conftest import grant
from tests.e2e.conftest import ARTIFACTS
from tests.users.sandbox import sandbox_school

PERMISSIONS = (
    *(f"{action}_promotions" for action in ("view", "add", "change", "delete")),
    *(f"{action}_coupons" for action in ("view", "add", "change", "delete")),
)


def shoot(page, name: str) -> None:
    """The page as it is, at a desktop's width and at a phone's."""
    for width, height in ((1280, 860), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=ARTIFACTS / f"{name}_{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 860})


@pytest.mark.django_db(transaction=True)
def test_a_promotion_for_two_products_with_coupons(page, live_server, login, settings, worker):
    settings.THINKIFIC_RATE_LIMIT = 100_000
    settings.TIME_ZONE = "Europe/Paris"
    school = sandbox_school(live_server, subdomain="browser-promotions", users=3, slug="academy")
    user = login()
    school.members.add(user)
    grant(user, *PERMISSIONS)
    first, second, other = client_for(school).products.list(limit=3).items

    page.goto(f"{live_server.url}/s/academy/promotions/")
    page.get_by_role("link", name="Add a promotion").click()
    page.get_by_label("Name", exact=True).fill("Browser spring sale")
    page.get_by_label("Percentage").check()
    page.get_by_label("Amount", exact=True).fill("120")
    page.get_by_label("Starts at").fill("2025-03-01T09:00")
    page.get_by_label("Expires at").fill("2099-03-01T09:00")
    search = page.get_by_label("Find a product")
    for product in (first, second):
        search.fill(product.name)
        expect(page.get_by_label(other.name, exact=True)).to_be_hidden()
        page.get_by_label(product.name, exact=True).check()
    search.fill("")
    shoot(page, "promotions_form")
    page.get_by_role("button", name="Create promotion").click()
    expect(page.locator("#id_amount_error")).to_contain_text("A percentage is more than 0")
    expect(page.get_by_label(first.name, exact=True)).to_be_checked()  # nothing is lost
    page.get_by_label("Amount", exact=True).fill("20")
    page.get_by_role("button", name="Create promotion").click()

    expect(page.get_by_role("status")).to_contain_text("Created the promotion Browser spring sale")
    expect(page).to_have_url(re.compile(r"/s/academy/promotions/\d+/$"))
    promotion_url = page.url
    expect(page.locator(".facts")).to_contain_text("Mar 1, 2025, 09:00")
    expect(page.locator("#coupon-results")).to_contain_text("no coupons yet")
    # Thinkific's answer has no products: the page shows those the portal sent.
    products = page.locator("section[aria-labelledby=products-title]")
    for product in (first, second):
        expect(products.get_by_role("link", name=product.name, exact=True)).to_be_visible()
    expect(products).to_contain_text("As set from this portal on")

    page.get_by_role("link", name="Add a coupon").click()
    page.get_by_label("Code").fill("BROWSER20")
    page.get_by_role("button", name="Create coupon").click()
    expect(page.get_by_role("status")).to_contain_text("Created the coupon BROWSER20")
    expect(page.locator(".facts")).to_contain_text("unlimited")
    page.get_by_role("link", name="Browser spring sale").first.click()

    page.get_by_role("link", name="Bulk create coupons").click()
    page.get_by_label("How many coupons").fill("10")
    page.get_by_label("Code length").fill("8")
    page.get_by_role("button", name="Dry run").click()
    expect(page.get_by_text("Dry run: nothing has been changed on Thinkific.")).to_be_visible()
    page.get_by_role("button", name="Confirm and start").click()
    expect(page.get_by_role("progressbar", name="Rows finished")).to_be_visible()
    expect(page.locator(".job-progress h2")).to_have_text("Done", timeout=30_000)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    with open(download.value.path(), newline="") as file:
        codes = [line[0] for line in list(csv.reader(file))[1:]]
    assert len(codes) == 10 and len(set(codes)) == 10 and all(len(c) == 8 for c in codes)

    page.goto(promotion_url)
    panel = page.locator("#coupon-results")
    for code in [*codes, "BROWSER20"]:
        expect(panel.get_by_role("link", name=code, exact=True)).to_be_visible()
    expect(panel).to_contain_text("11 results")
    shoot(page, "promotions_detail")

    page.get_by_role("link", name="Promotions", exact=True).first.click()
    page.get_by_text("Which promotion does a coupon code unlock for a product?").click()
    lookup = page.locator(".lookup-form")
    for product, answer in (
        (second, "unlocks Browser spring sale (20% off)"),
        (other, "No promotion."),
    ):
        lookup.get_by_label("Product").select_option(str(product.id))
        lookup.get_by_label("Coupon code").fill(codes[0])
        lookup.get_by_role("button", name="Look up").click()
        expect(page.locator(".lookup-answer")).to_contain_text(answer)
    shoot(page, "promotions_list")

    # The edit form ticks the products the portal set; "every" is a choice of its own.
    page.goto(f"{promotion_url}edit/")
    expect(page.get_by_label("Only the products ticked below")).to_be_checked()
    for product in (first, second):
        expect(page.get_by_label(product.name, exact=True)).to_be_checked()
    expect(page.get_by_label(other.name, exact=True)).not_to_be_checked()
    shoot(page, "promotions_edit")
    page.get_by_label("Every product").check()
    for product in (first, second):
        page.get_by_label(product.name, exact=True).uncheck()
    expect(page.get_by_label("Every product")).to_be_checked()
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("status")).to_contain_text("Saved the changes to Browser spring sale")
    expect(products).to_contain_text("Every product of the school.")
    page.get_by_role("link", name="Promotions", exact=True).first.click()
    page.get_by_text("Which promotion does a coupon code unlock for a product?").click()
    lookup.get_by_label("Product").select_option(str(other.id))
    lookup.get_by_label("Coupon code").fill(codes[0])
    lookup.get_by_role("button", name="Look up").click()
    expect(page.locator(".lookup-answer")).to_contain_text("unlocks Browser spring sale")
