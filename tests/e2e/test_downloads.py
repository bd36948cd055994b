"""A staff member downloads the instructors, the promotions, a promotion's coupons and the
activity feed as CSV, each as its list's filters select it, from a link that follows the
filters as they change; a list too long for one file is refused with a message."""

import csv
import io
import re
import time

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from apps.connections.services import client_for
from apps.core import listcsv
from apps.index.models import IndexedInstructor
from apps.sandbox import models as sandbox
from apps.webhooks import live, services
from apps.webhooks.models import Event
from tests.conftest import grant
from tests.e2e.conftest import ARTIFACTS
from tests.index.conftest import sync_all
from tests.webhooks.sandbox import sandbox_school

SUBDOMAIN = "downloads-academy"
SIZES = ((1366, 900), (390, 844))


@pytest.fixture
def school(live_server, settings):
    settings.THINKIFIC_RATE_LIMIT = 100_000
    settings.INDEX_SLICE_SECONDS = 0.5
    school = sandbox_school(live_server, settings, subdomain=SUBDOMAIN, slug="academy", users=6)
    topics = ["user.signin", "order.created", "enrollment.progress", "lesson.completed"]
    _, result = services.watch_create(
        connection=school, client=client_for(school), name="Students", topics=topics
    )
    assert result.ok, result.message
    call_command(
        "sandbox_simulate", "--subdomain", SUBDOMAIN, "--count", "30", "--rate", "6000",
        "--seed", "11", stdout=io.StringIO(),
    )  # fmt: skip
    sync_all(school)
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
    # With the buttons a manager sees beside the link: the page heads at their fullest.
    return grant(
        user,
        *("view_instructors", "view_promotions", "view_coupons", "view_events"),
        *("add_instructors", "add_promotions", "add_coupons", "view_watches"),
    )


def shoot(page, name: str) -> None:
    """The first screen, at a laptop's size and a phone's: the CSV link must be on it."""
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        link = page.get_by_role("link", name="Download CSV")
        expect(link).to_be_in_viewport()
        width_used = page.evaluate("document.documentElement.scrollWidth")
        assert width_used <= width, f"{name}: {width_used}px wide at {width}px"
        page.screenshot(path=ARTIFACTS / f"csv_{name}_{width}.png")
    page.set_viewport_size({"width": SIZES[0][0], "height": SIZES[0][1]})


def download(page) -> list[dict]:
    with page.expect_download() as answer:
        page.get_by_role("link", name="Download CSV").click()
    with open(answer.value.path(), encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


@pytest.mark.django_db(transaction=True)
def test_each_list_downloads_what_its_filters_select(page, live_server, school, viewer):
    base = f"{live_server.url}/s/academy"

    # Instructors, from the index: the search typed narrows the file too.
    page.goto(f"{base}/instructors/")
    shoot(page, "instructors")
    part = IndexedInstructor.objects.filter(connection=school).first().last_name[:3].lower()
    page.get_by_role("searchbox").fill(part)
    expect(page.get_by_role("link", name="Download CSV")).to_have_attribute(
        "href", re.compile(rf"q={part}")
    )
    rows = download(page)
    found = IndexedInstructor.objects.filter(connection=school, search__contains=part)
    assert sorted(int(row["id"]) for row in rows) == sorted(i.thinkific_id for i in found)
    assert all(
        part in f"{row['first_name']} {row['last_name']} {row['email']}".lower() for row in rows
    )

    # Promotions, read live from Thinkific: every one, whatever the page shown.
    page.goto(f"{base}/promotions/?limit=25")
    shoot(page, "promotions")
    rows = download(page)
    assert {row["name"] for row in rows} == set(
        sandbox.Promotion.objects.filter(school__subdomain=SUBDOMAIN).values_list("name", flat=True)
    )

    # A promotion's coupons.
    promotion = (
        sandbox.Promotion.objects.filter(school__subdomain=SUBDOMAIN, coupons__isnull=False)
        .distinct()
        .first()
    )
    page.goto(f"{base}/promotions/{promotion.pk}/coupons/")
    shoot(page, "coupons")
    rows = download(page)
    assert sorted(row["code"] for row in rows) == sorted(
        promotion.coupons.values_list("code", flat=True)
    )

    # The activity feed: a topic picked re-renders the feed, and the link follows it.
    page.goto(f"{base}/activity/")
    expect(page.locator("#feed-rows tr").first).to_be_visible()
    shoot(page, "activity")
    page.get_by_label("Event", exact=True).select_option("order.created")
    expect(page.get_by_role("link", name="Download CSV")).to_have_attribute(
        "href", "/s/academy/activity/export.csv?topic=order.created"
    )
    rows = download(page)
    stored = Event.objects.filter(connection=school, topic="order.created")
    assert stored.exists()
    assert [row["event_id"] for row in rows] == list(
        stored.order_by("-id").values_list("event_id", flat=True)
    )
    assert all(row["event"] == "Order created" and row["what_happened"] for row in rows)


@pytest.mark.django_db(transaction=True)
def test_a_list_too_long_for_one_file_says_so(page, live_server, school, viewer, monkeypatch):
    monkeypatch.setattr(listcsv, "MAX_PAGES", 0)  # the server runs in this process
    page.goto(f"{live_server.url}/s/academy/promotions/")
    page.get_by_role("link", name="Download CSV").click()
    expect(page.get_by_role("status")).to_contain_text("too many for one CSV")
    expect(page).to_have_url(f"{live_server.url}/s/academy/promotions/")
