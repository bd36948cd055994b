"""On a phone (390x844): the navigation folds behind a menu button and the list's filters
behind theirs, so the first records are on the first screen; with and without JavaScript."""

import pytest
from playwright.sync_api import expect

from tests.conftest import grant
from tests.e2e.conftest import ARTIFACTS
from tests.users.sandbox import sandbox_school

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}


@pytest.fixture
def school(live_server, settings):
    settings.THINKIFIC_RATE_LIMIT = 100_000
    return sandbox_school(live_server, subdomain="phone-school", users=30, slug="phone")


@pytest.fixture
def staff(login, school):
    user = login()
    school.members.add(user)
    return grant(user, "view_users", "add_users", "view_instructors")


def first_screen_holds(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_phone_menu_is_closed_and_opens_onto_links_that_work(
    browser, page, live_server, staff, javascript
):
    # A context of its own, to turn JavaScript off, with the session `login` opened.
    session = next(c for c in page.context.cookies(live_server.url) if c["name"] == "sessionid")
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    context.add_cookies([session])
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/s/phone/users/")

    menu = page.locator("details.menu")
    button = menu.locator("summary")
    expect(button).to_be_visible()
    expect(menu).not_to_have_attribute("open", "")
    expect(page.get_by_role("link", name="Instructors")).to_be_hidden()
    expect(page.get_by_role("button", name="Log out")).to_be_hidden()  # in the closed menu
    first_row = page.locator("table.records tbody tr").first
    expect(first_row).to_be_visible()
    assert first_screen_holds(page, first_row), first_row.bounding_box()
    assert first_screen_holds(page, page.get_by_role("heading", name="Users", exact=True))
    if javascript:
        expect(button).to_have_attribute("aria-expanded", "false")

    # Opened from the keyboard; Escape closes it again (with JavaScript).
    button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Instructors")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    if javascript:
        expect(button).to_have_attribute("aria-expanded", "true")
        page.get_by_role("link", name="Instructors").focus()
        page.keyboard.press("Escape")
        expect(page.get_by_role("link", name="Instructors")).to_be_hidden()
        expect(button).to_be_focused()
        expect(button).to_have_attribute("aria-expanded", "false")
        button.click()
    page.screenshot(path=ARTIFACTS / f"phone_menu_open_{'js' if javascript else 'no_js'}.png")

    page.get_by_role("link", name="Instructors").click()
    expect(page.get_by_role("heading", name="Instructors", exact=True)).to_be_visible()
    expect(page.locator("details.menu")).not_to_have_attribute("open", "")
    context.close()


@pytest.mark.django_db(transaction=True)
def test_filters_fold_on_the_phone_and_count_those_set(page, live_server, staff):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/s/phone/users/?role=site_admin&external_source=sso")

    toggle = page.locator("details.filter-fold > summary")
    expect(toggle).to_have_text("Filters (2 active)")
    expect(page.get_by_label("Search")).to_be_visible()  # the search box stays in sight
    expect(page.get_by_label("Role")).to_be_hidden()
    toggle.click()
    expect(page.get_by_label("Role")).to_have_value("site_admin")
    page.get_by_label("External source").fill("")
    expect(toggle).to_have_text("Filters (1 active)")  # counted as it changes

    # A wide screen shows them all without the button.
    page.set_viewport_size(LAPTOP)
    page.goto(f"{live_server.url}/s/phone/users/?role=site_admin")
    expect(page.get_by_label("Role")).to_be_visible()
    expect(toggle).to_be_hidden()
    expect(page.locator("details.menu > summary")).to_be_hidden()
    expect(page.get_by_role("link", name="Instructors")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_a_filter_with_an_error_opens_the_filters_on_the_phone(page, live_server, staff):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/s/phone/users/?custom_profile_field_value=blue")

    expect(page.locator("details.filter-fold")).to_have_attribute("open", "")
    expect(page.locator("#id_custom_profile_field_label_error")).to_be_visible()
