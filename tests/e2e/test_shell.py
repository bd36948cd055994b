import pytest
from playwright.sync_api import expect

from apps.connections.models import Connection


@pytest.mark.django_db(transaction=True)
def test_login_school_home_and_navigation(page, live_server, login):
    school = Connection.objects.create(
        name="Baking School", slug="baking", subdomain="baking-school", api_key="k" * 32
    )
    other = Connection.objects.create(
        name="Pottery Place", slug="pottery", subdomain="pottery", api_key="k" * 32
    )
    page.goto(live_server.url + "/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")

    user = login()
    school.members.add(user)
    other.members.add(user)
    page.goto(live_server.url + "/")

    expect(page.get_by_role("heading", name="Your schools")).to_be_visible()
    page.get_by_role("link", name="Baking School").click()
    expect(page.get_by_role("heading", name="Baking School", exact=True)).to_be_visible()
    expect(page.get_by_text("of 120 requests left this minute")).to_be_visible()
    nav = page.get_by_role("navigation", name="Baking School")
    expect(nav.get_by_role("link", name="Overview")).to_have_attribute("aria-current", "page")

    page.get_by_label("School", exact=True).select_option(label="Pottery Place")
    expect(page.get_by_role("heading", name="Pottery Place", exact=True)).to_be_visible()
    page.get_by_role("navigation", name="Breadcrumbs").get_by_role("link", name="Schools").click()
    expect(page).to_have_url(f"{live_server.url}/")


@pytest.mark.django_db(transaction=True)
def test_wrong_password_keeps_the_username(page, live_server, django_user_model):
    django_user_model.objects.create_user("ada", "ada@example.com", "right-password-123")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("alert")).to_contain_text("enter a correct username and password")
    expect(page.get_by_label("Username")).to_have_value("ada")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 390])
def test_the_school_home_loads_its_activity_chart_as_a_panel(page, live_server, login, width):
    from tests.conftest import grant
    from tests.e2e.conftest import ARTIFACTS
    from tests.webhooks.factories import event

    school = Connection.objects.create(
        name="Baking School", slug="baking", subdomain="baking-school", api_key="k" * 32
    )
    for topic in ("order.created", "order.created", "user.signup"):
        event(school, topic)
    user = login()
    school.members.add(user)
    grant(user, "view_events")
    page.set_viewport_size({"width": width, "height": 860})
    page.goto(f"{live_server.url}/s/baking/")

    chart = page.locator("#activity")
    expect(chart.get_by_role("img")).to_be_visible()
    expect(chart).to_contain_text("3 events in 30 days")
    expect(chart.get_by_role("link", name="Open the live feed")).to_be_visible()
    page.screenshot(path=ARTIFACTS / f"school_home_chart_{width}.png", full_page=True)
