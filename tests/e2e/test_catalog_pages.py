"""Staff browse the catalog: the products, a product, its course, its chapters and contents."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import grant
from tests.e2e.conftest import ARTIFACTS, school_link
from tests.users.sandbox import sandbox_school


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.django_db(transaction=True)
def test_from_a_product_to_its_courses_chapters_and_contents(
    page, live_server, login, settings, width
):
    settings.THINKIFIC_RATE_LIMIT = 100_000
    school = sandbox_school(live_server, subdomain=f"browser-catalog-{width}", users=10)
    user = login()
    school.members.add(user)
    grant(user, "view_products", "view_courses", "view_instructors")
    page.set_viewport_size({"width": width, "height": 860})
    shot = f"catalog_{width}"

    page.goto(f"{live_server.url}/s/{school.slug}/")
    school_link(page, "Products").click()
    expect(page.get_by_role("heading", name="Products", exact=True)).to_be_visible()
    page.screenshot(path=ARTIFACTS / f"{shot}_products.png", full_page=True)
    row = page.locator("#results tbody tr").filter(has=page.get_by_role("link", name="Course #"))
    row.first.get_by_role("link").first.click()

    expect(page).to_have_url(re.compile(r"/products/\d+/$"))
    expect(page.get_by_role("heading", name="Prices")).to_be_visible()
    expect(page.locator("#categories li").first).to_be_visible()  # the lazy panel loaded
    expect(page.get_by_role("heading", name="Related products")).to_be_visible()
    page.screenshot(path=ARTIFACTS / f"{shot}_product.png", full_page=True)
    page.get_by_role("link", name="Open the course").click()

    expect(page).to_have_url(re.compile(r"/courses/\d+/$"))
    expect(page.locator(".facts")).to_contain_text("Instructor")
    chapters = page.locator("#chapters details")
    expect(chapters.first).to_be_visible()
    expect(page.locator("#reviews-title")).to_be_visible()
    loads = []
    page.on("request", lambda r: loads.append(r.url) if "/chapters/" in r.url else None)
    chapters.first.locator("summary").click()
    contents = chapters.first.locator(".contents li")
    expect(contents.first).to_be_visible()
    expect(contents.first.locator(".badge").first).to_have_text(re.compile(r"\w+"))
    page.screenshot(path=ARTIFACTS / f"{shot}_course.png", full_page=True)

    # Closed and opened again, the chapter keeps what it loaded: one request for it.
    chapters.first.locator("summary").click()
    chapters.first.locator("summary").click()
    expect(contents.first).to_be_visible()
    assert len(loads) == 1, loads

    page.get_by_label("Breadcrumbs").get_by_role("link", name="Courses").click()
    expect(page.get_by_role("heading", name="Courses", exact=True)).to_be_visible()
    expect(page.locator("#results tbody tr").first.get_by_role("link").nth(1)).to_be_visible()
    page.screenshot(path=ARTIFACTS / f"{shot}_courses.png", full_page=True)
