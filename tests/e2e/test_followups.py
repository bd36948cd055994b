"""Events you can trust, in a real browser: a failed follow-up found and retried, missed
events found by a re-read and stored, the watches' scheduled check, on a wide screen and a
phone's."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from apps.connections.services import client_for
from apps.index.changes import Change
from apps.sandbox import models as sandbox
from apps.webhooks import missed, services
from apps.webhooks.models import Event
from tests.conftest import grant
from tests.e2e.conftest import ARTIFACTS
from tests.webhooks.factories import event
from tests.webhooks.sandbox import sandbox_school

PERMISSIONS = ("view_watches", "view_events", "replay_events", "view_enrollments", "view_users")
SIZES = {"wide": (1366, 900), "phone": (390, 844)}


@pytest.fixture
def school(live_server, settings):
    school = sandbox_school(live_server, settings, subdomain="trusty-academy", slug="trusty")
    services.watch_create(
        connection=school,
        client=client_for(school),
        name="Learning",
        topics=["enrollment.created", "enrollment.progress", "order.created"],
    )
    return school


@pytest.fixture
def manager(login, school):
    user = login()
    school.members.add(user)
    return grant(user, *PERMISSIONS)


def shoot(page, name: str) -> None:
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=ARTIFACTS / f"followups_{name}_{size}.png", full_page=True)
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"{name} is {wide} px wide on a {width} px screen"
    page.set_viewport_size({"width": 1366, "height": 900})


@pytest.mark.django_db(transaction=True)
def test_a_failed_follow_up_is_found_and_retried(page, live_server, school, manager):
    done = event(school, "enrollment.progress", percentage_completed="60.0")
    Event.objects.filter(pk=done.pk).update(
        followup="done",
        followup_attempts=1,
        followup_at=timezone.now(),
        followup_changes="index: enrollment 97472 updated (progress 40% → 60%)",
    )
    broken = event(school, "enrollment.created")
    Event.objects.filter(pk=broken.pk).update(
        followup="failed",
        followup_attempts=5,
        followup_at=timezone.now(),
        followup_error="OperationalError: database is locked " + "(and a long tail) " * 8,
    )

    page.goto(f"{live_server.url}/s/trusty/activity/")
    page.get_by_role("link", name="Failed follow-ups").click()
    expect(page.get_by_role("heading", name="Failed follow-ups")).to_be_visible()
    expect(page.get_by_text("OperationalError: database is locked")).to_be_visible()
    shoot(page, "failed_list")

    page.get_by_role("link", name=f"Details of event {broken.event_id}").click()
    expect(page.get_by_text("none by itself: it failed 5 times")).to_be_visible()
    shoot(page, "event_failed")
    page.get_by_role("button", name="Retry the follow-up").click()
    expect(page.get_by_role("status")).to_contain_text("is queued again")
    expect(page.locator(".followup .badge.ok", has_text="Done")).to_be_visible()  # at once here

    page.goto(f"{live_server.url}/s/trusty/activity/{done.pk}/")
    expect(page.get_by_text("index: enrollment 97472 updated (progress 40% → 60%)")).to_be_visible()
    shoot(page, "event_done")
    page.get_by_role("button", name="Replay into the portal").click()
    expect(page.get_by_role("status")).to_contain_text("Thinkific is not told")


@pytest.mark.django_db(transaction=True)
def test_missed_events_and_the_scheduled_check_on_the_watches_page(
    page, live_server, school, manager
):
    event(school, "enrollment.progress", id=3)
    found_at = timezone.now() - timedelta(minutes=3)
    missed.on_records_changed(
        connection_id=school.pk,
        read_at=found_at,
        changes=[
            Change(
                kind="enrollments",
                record_id=record_id,
                what="progress",
                since=found_at - timedelta(hours=1),
                changed_at=found_at - timedelta(minutes=10 + record_id),
                payload={"id": record_id, "percentage_completed": "60.0"},
                summary="progress 40% → 60%",
            )
            for record_id in (1, 2)
        ],
    )
    sandbox.Webhook.objects.filter(topic="order.created").delete()  # by hand, on Thinkific
    call_command("webhooks_refresh", stdout=StringIO())

    page.goto(f"{live_server.url}/s/trusty/watches/")
    expect(page.get_by_text("Repaired", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Deliveries and missed events")).to_be_visible()
    page.get_by_text("Latest repairs").click()
    expect(page.get_by_text("Register order.created: Missing on Thinkific.")).to_be_visible()
    shoot(page, "watches")

    page.get_by_role("link", name="See the missed events").click()
    expect(page.locator(".missed-table tbody tr")).to_have_count(2)
    shoot(page, "missed_list")
    page.get_by_role("button", name="Store as an event (Enrollment progress #1)").click()
    expect(page.get_by_role("status")).to_contain_text("1 missed event(s) stored as events.")
    page.get_by_role("link", name="Stored as an event").click()
    expect(page.get_by_text("Thinkific never sent this event")).to_be_visible()
    shoot(page, "event_reconstructed")

    page.goto(f"{live_server.url}/s/trusty/activity/")
    expect(page.get_by_text("From a re-read")).to_be_visible()
    shoot(page, "feed")
