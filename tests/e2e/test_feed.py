"""The live activity feed in a real browser, fed by the sandbox's simulated students."""

import io
import re
import time

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from apps.connections.services import client_for
from apps.webhooks import live, services, topics
from apps.webhooks.models import Event
from tests.conftest import grant
from tests.e2e.conftest import ARTIFACTS
from tests.webhooks.sandbox import sandbox_school

SUBDOMAIN = "feed-academy"
# Every topic the simulation fires, so that each step shows up.
WATCHED = [t.name for t in topics.TOPICS if not t.payments_only]


@pytest.fixture
def school(live_server, settings):
    school = sandbox_school(live_server, settings, subdomain=SUBDOMAIN, slug="academy", users=6)
    _, result = services.watch_create(
        connection=school, client=client_for(school), name="Everything", topics=WATCHED
    )
    assert result.ok, result.message
    return school


@pytest.fixture(autouse=True)
def _streams_end_with_the_test(page, monkeypatch):
    """Under the test server (WSGI) a feed polls in a thread; make it notice the tab closing."""
    monkeypatch.setattr(live, "HEARTBEAT", 0.3)
    yield
    page.evaluate("window.dispatchEvent(new Event('pagehide'))")  # feed.js closes the stream
    time.sleep(1.0)


@pytest.fixture
def viewer(login, school):
    user = login()
    school.members.add(user)
    return grant(user, "view_events", "view_users", "view_watches")


@pytest.mark.django_db(transaction=True)
def test_simulated_activity_appears_in_the_open_feed(page, live_server, school, viewer):
    page.goto(f"{live_server.url}/s/academy/activity/")
    expect(page.get_by_role("heading", name="Activity", exact=True)).to_be_visible()
    expect(page.get_by_text("No events yet.")).to_be_visible()
    expect(page.locator("[data-feed-status]")).to_have_text("Live")

    # The sandbox's students act; each step is delivered to the receiver as it commits.
    call_command(
        "sandbox_simulate", "--subdomain", SUBDOMAIN, "--count", "6", "--rate", "6000",
        "--seed", "7", stdout=io.StringIO(),
    )  # fmt: skip
    stored = list(Event.objects.filter(connection=school).order_by("-id"))
    assert stored, "the simulation fired webhooks"

    rows = page.locator("#feed-rows tr")
    expect(rows).to_have_count(len(stored), timeout=5_000)  # no reload
    expect(page.get_by_text("No events yet.")).to_be_hidden()
    newest = rows.first
    expect(newest).to_have_attribute("id", f"event-{stored[0].pk}")
    expect(newest.locator(".badge.topic")).to_have_text(stored[0].topic_label)
    page.screenshot(path=ARTIFACTS / "feed_live.png", full_page=True)

    # Plain words, and a link to the user where the payload names one.
    sentence = newest.locator(".sentence")
    expect(sentence).not_to_have_text(re.compile(r"^\s*$"))
    newest.get_by_role("link", name=re.compile("^Details")).click()
    expect(page.get_by_role("heading", name="Payload")).to_be_visible()
    expect(page.get_by_text(stored[0].event_id).first).to_be_visible()
    expect(page.get_by_role("cell", name="X-Thinkific-Hmac-Sha256")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "feed_event_detail.png", full_page=True)


@pytest.mark.django_db(transaction=True)
def test_filters_swap_the_results_and_keep_the_feed_live(page, live_server, school, viewer):
    call_command(
        "sandbox_simulate", "--subdomain", SUBDOMAIN, "--count", "6", "--rate", "6000",
        "--seed", "11", stdout=io.StringIO(),
    )  # fmt: skip
    page.goto(f"{live_server.url}/s/academy/activity/")
    expect(page.locator("[data-feed-status]")).to_have_text("Live")
    page.get_by_label("Event", exact=True).select_option("user.signup")
    expect(page).to_have_url(re.compile(r"topic=user.signup"))
    badges = page.locator("#feed-rows .badge.topic")
    for badge in badges.all():
        expect(badge).to_have_text("New user")

    client_for(school).users.create(
        first_name="Grace", last_name="Hopper", email="grace.feed@example.com"
    )
    expect(page.locator("#feed-rows tr").first).to_contain_text("Grace Hopper signed up")
    expect(page.locator("[data-feed-status]")).to_have_text("Live")
    page.screenshot(path=ARTIFACTS / "feed_filtered.png", full_page=True)


@pytest.mark.django_db(transaction=True)
def test_the_school_home_charts_the_last_30_days(page, live_server, school, viewer):
    call_command(
        "sandbox_simulate", "--subdomain", SUBDOMAIN, "--count", "8", "--rate", "6000",
        "--seed", "5", stdout=io.StringIO(),
    )  # fmt: skip
    page.goto(f"{live_server.url}/s/academy/")
    chart = page.locator(".activity-chart")
    expect(chart.get_by_role("heading", name="Activity, last 30 days")).to_be_visible()
    expect(chart.locator("svg rect[fill^='#']").first).to_be_visible()
    total = Event.objects.filter(connection=school).count()
    expect(chart.locator("desc")).to_contain_text(f"{total} event")
    page.screenshot(path=ARTIFACTS / "school_home_chart.png", full_page=True)


def assert_fits_a_phone(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width}px wide on a 390px phone"


@pytest.mark.django_db(transaction=True)
def test_the_feed_fits_a_phone(page, live_server, school, viewer):
    call_command(
        "sandbox_simulate", "--subdomain", SUBDOMAIN, "--count", "4", "--rate", "6000",
        "--seed", "3", stdout=io.StringIO(),
    )  # fmt: skip
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/s/academy/activity/")
    expect(page.locator("#feed-rows tr").first).to_be_visible()
    assert_fits_a_phone(page)
    # Each event is a card: its sentence and its Details link are on screen, not cut off.
    first = page.locator("#feed-rows tr").first
    for part in (
        first.locator(".sentence"),
        first.get_by_role("link", name=re.compile("^Details")),
    ):
        box = part.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.screenshot(path=ARTIFACTS / "feed_phone.png", full_page=True)

    page.goto(f"{live_server.url}/s/academy/")  # the school home with its chart
    expect(page.get_by_role("heading", name="Activity, last 30 days")).to_be_visible()
    assert_fits_a_phone(page)
    label = page.locator(".activity-chart svg text").first
    assert label.bounding_box()["height"] >= 9, "chart labels are readable on a phone"
    badge = page.locator("#health .badge").bounding_box()
    card = page.locator("#health").bounding_box()
    assert badge["x"] + badge["width"] <= card["x"] + card["width"]
    page.screenshot(path=ARTIFACTS / "school_home_phone.png", full_page=True)


@pytest.mark.django_db(transaction=True)
def test_a_planned_reconnect_keeps_the_live_badge(page, live_server, school, viewer, monkeypatch):
    monkeypatch.setattr(live, "WSGI_HOLD", 1.0)  # the stream ends every second
    page.goto(f"{live_server.url}/s/academy/activity/")
    status = page.locator("[data-feed-status]")
    expect(status).to_have_text("Live")
    seen = set()
    for _ in range(30):  # 3 s: at least two planned reconnects
        seen.add(status.text_content())
        page.wait_for_timeout(100)
    assert seen == {"Live"}
