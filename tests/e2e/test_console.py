"""The API console in a browser, against the built-in sandbox over real HTTP."""

import pytest
from playwright.sync_api import expect

from apps.connections.models import Connection
from apps.connections.services import sandbox_school_connect
from apps.console.models import Call
from tests.conftest import grant
from tests.e2e.conftest import ARTIFACTS

pytestmark = pytest.mark.django_db(transaction=True)

NEXT = "Next page \u203a"


@pytest.fixture
def sandbox_school(live_server, settings) -> Connection:
    """A connection to a seeded sandbox school, served by the live server."""
    settings.THINKIFIC_RATE_LIMIT = 10_000
    connection, _ = sandbox_school_connect(
        subdomain="console-test",
        slug="console-test",
        base_url=live_server.url,
        seed={"name": "Console Test", "users": 50},
    )
    return connection


@pytest.fixture
def console(page, live_server, login, sandbox_school):
    """The console page open, for a logged-in user who may use it."""
    school = sandbox_school
    user = login()
    school.members.add(user)
    grant(user, "use_console")
    page.goto(f"{live_server.url}/s/console-test/")
    page.get_by_role("navigation", name="Console Test").get_by_role(
        "link", name="API console"
    ).click()
    expect(page.get_by_role("heading", name="API console")).to_be_visible()
    return page


def send(page):
    page.get_by_role("button", name="Send", exact=True).click()


def test_the_seeds_example_lists_instructors_and_pages_forward(console, live_server):
    console.get_by_label("Method").select_option("GET")
    console.get_by_label("Path").fill("/v1/instructors?limit=10")
    send(console)

    result = console.get_by_role("region", name="Response")
    expect(result.locator("[data-status]")).to_have_text("200 OK")
    expect(result.get_by_text(" ms", exact=False).first).to_be_visible()
    expect(result.get_by_text("List: page 1 of 2 · 16 items")).to_be_visible()
    expect(result.locator(".jt .jt-key", has_text='"first_name"')).to_have_count(10)
    expect(result.locator(".console-target")).to_have_text(
        f"GET {live_server.url}/sandbox/api/public/v1/instructors?limit=10"
    )
    # The query typed into the path moved into the query rows.
    expect(console.get_by_label("Path")).to_have_value("/v1/instructors")
    expect(console.get_by_label("Parameter 1")).to_have_value("limit")

    result.get_by_text("Headers (").click()
    expect(result.locator(".console-headers")).to_contain_text("Content-Type")
    result.get_by_text("curl", exact=True).click()
    curl = result.locator("#console-curl")
    expect(curl).to_contain_text('-H "X-Auth-API-Key: $THINKIFIC_API_KEY"')
    assert Connection.objects.get().api_key not in curl.inner_text()

    result.get_by_role("button", name=NEXT).click()

    result = console.get_by_role("region", name="Response")
    expect(result.get_by_text("List: page 2 of 2 · 16 items")).to_be_visible()
    expect(result.locator(".jt .jt-key", has_text='"first_name"')).to_have_count(6)
    expect(result.get_by_role("button", name=NEXT)).to_have_count(0)
    expect(console.get_by_label("Parameter 2")).to_have_value("page")
    history = console.get_by_role("region", name="Your recent calls")
    expect(history.get_by_role("row")).to_have_count(3)
    expect(history.get_by_role("row").nth(1)).to_contain_text("GET /v1/instructors?limit=10&page=2")
    assert Call.objects.count() == 2


def test_a_write_asks_first_and_refusals_are_explained(console):
    console.get_by_label("Method").select_option("POST")
    console.get_by_label("Path").fill("/v1/users")
    console.get_by_label("JSON body").fill('{"first_name": "Ada", "last_name": "Lovelace",')
    send(console)
    expect(console.get_by_text("This is not valid JSON")).to_be_visible()

    console.get_by_label("JSON body").fill(
        '{"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"}'
    )
    console.get_by_label("Header 1").fill("X-Auth-Subdomain")
    console.get_by_label("Value 1").last.fill("another-school")
    send(console)
    expect(console.get_by_text("the portal sends this school's subdomain itself")).to_be_visible()
    expect(console.get_by_label("Value 1").last).to_have_value("another-school")

    console.get_by_label("Header 1").fill("")
    console.get_by_label("Value 1").last.fill("")
    send(console)
    expect(console.get_by_text("Send POST /v1/users?")).to_be_visible()
    assert not Call.objects.exists()

    console.get_by_role("button", name="Yes, send POST").click()
    expect(console.locator("[data-status]")).to_have_text("201 Created")
    expect(console.locator(".jt")).to_contain_text('"ada@example.com"')

    console.get_by_role("button", name="Add a row").first.click()
    expect(console.get_by_label("Parameter 3")).to_be_visible()

    console.get_by_role("link", name="Replay").first.click()
    expect(console.get_by_label("Method")).to_have_value("POST")
    expect(console.get_by_label("JSON body")).to_have_value(
        '{"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"}'
    )


def test_without_javascript_full_pages_do_the_same(browser, live_server, sandbox_school):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("nojs", password="correct-horse-battery")
    sandbox_school.members.add(user)
    grant(user, "use_console")
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 860}
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next=/s/console-test/console/")
    page.get_by_label("Username").fill("nojs")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Log in").click()

    page.get_by_label("Path").fill("/v1/instructors?limit=10")
    send(page)
    expect(page.get_by_text("List: page 1 of 2 · 16 items")).to_be_visible()
    page.get_by_role("button", name=NEXT).click()
    expect(page.get_by_text("List: page 2 of 2 · 16 items")).to_be_visible()
    last_id = page.locator("xpath=//li[span[@class='jt-key' and text()='\"id\"']]/span").last

    page.get_by_label("Method").select_option("DELETE")
    page.get_by_label("Path").fill(f"/v1/instructors/{last_id.inner_text()}")
    page.get_by_label("Parameter 1").fill("")
    page.get_by_label("Value 1").first.fill("")
    page.get_by_label("Parameter 2").fill("")
    page.get_by_label("Value 2").first.fill("")
    send(page)
    expect(page.get_by_text("Send DELETE /v1/instructors/")).to_be_visible()
    page.get_by_role("button", name="Yes, send DELETE").click()
    expect(page.locator("[data-status]")).to_have_text("204 No Content")

    page.get_by_label("Method").select_option("GET")
    page.get_by_label("Path").fill("/v1/instructors")
    send(page)
    expect(page.get_by_text("List: page 1 of 1 · 15 items")).to_be_visible()
    # Without script the extra-row and copy buttons stay hidden; blank rows are there instead.
    expect(page.get_by_role("button", name="Add a row")).to_have_count(0)
    expect(page.get_by_label("Parameter 2")).to_have_value("")
    page.screenshot(path=ARTIFACTS / "console_without_javascript.png", full_page=True)
    context.close()
