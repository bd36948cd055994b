"""Replay: staff with the permission run a stored event into the index again (never to
Thinkific), and the history of changes says who did it and when."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from apps.connections.models import Connection
from apps.history.models import Entry
from apps.index import events as index_events
from apps.index.models import IndexedEnrollment, SchoolIndex
from apps.webhooks import followups, tasks
from apps.webhooks.models import Event
from tests.conftest import grant
from tests.webhooks.factories import event

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(school):
    SchoolIndex.objects.create(connection=school)
    index_events.forget(school.pk)
    yield school
    index_events.forget(school.pk)


@pytest.fixture
def replayer(staff):
    return grant(staff, "view_events", "replay_events", "view_history")


def followed_up(school, percent="40.0", ago=timedelta(hours=1)) -> Event:
    row = event(school, "enrollment.progress", percentage_completed=percent)
    Event.objects.filter(pk=row.pk).update(occurred_at=timezone.now() - ago)
    followups.drain(connection_id=school.pk)
    row.refresh_from_db()
    return row


def test_a_replay_runs_the_event_into_the_index_again_and_is_on_record(
    staff_client, replayer, indexed, django_capture_on_commit_callbacks
):
    row = followed_up(indexed)
    assert row.changes == ["index: enrollment 97472 added"]
    IndexedEnrollment.objects.all().delete()  # say, a full pass purged it by mistake

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/s/baking/activity/{row.pk}/replay/")

    assert response.status_code == 302 and response.url == f"/s/baking/activity/{row.pk}/"
    (task,) = DBTaskResult.objects.filter(task_path__endswith="followup_retry")
    assert tasks.followup_retry.call(*task.args_kwargs["args"]) == "1 follow-up(s) done, 0 failed."
    row.refresh_from_db()
    assert (row.followup, row.followup_attempts) == ("done", 1)
    assert row.changes == ["index: enrollment 97472 added"]
    assert IndexedEnrollment.objects.get().percentage_completed * 100 == 40

    entry = Entry.objects.get()
    assert (entry.source, entry.resource, entry.action, entry.actor) == (
        "event",
        "events",
        "replay",
        "staff",
    )
    assert entry.record_id == str(row.pk) and entry.changes == [["follow_up", "done", "pending"]]
    assert "Thinkific is not told" in entry.message
    history = staff_client.get("/s/baking/history/?resource=events").content.decode()
    assert f'<a href="/s/baking/activity/{row.pk}/">Enrollment progress' in history
    assert "Replayed" in history


def test_a_replay_keeps_the_newer_row_and_says_so(replayer, indexed):
    row = followed_up(indexed)
    followed_up(indexed, "60.0", ago=timedelta(minutes=1))  # a newer one came since
    Event.objects.filter(pk=row.pk).update(followup="pending", followup_due_at=timezone.now())

    followups.run_due(event_id=row.pk)

    row.refresh_from_db()
    assert row.changes == ["index: enrollment 97472: stale, kept the newer row"]


def test_the_event_page_offers_the_replay_to_those_allowed(staff_client, staff, indexed):
    row = followed_up(indexed)
    grant(staff, "view_events")
    assert (
        "Replay into the portal"
        not in staff_client.get(f"/s/baking/activity/{row.pk}/").content.decode()
    )
    grant(staff, "view_events", "replay_events")
    html = staff_client.get(f"/s/baking/activity/{row.pk}/").content.decode()
    assert f'action="/s/baking/activity/{row.pk}/replay/"' in html


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_replay_needs_the_permission_and_a_post(staff_client, staff, school, method):
    grant(staff, "view_events")
    row = event(school)
    response = getattr(staff_client, method)(f"/s/baking/activity/{row.pk}/replay/")
    assert response.status_code == (405 if method == "get" else 403)
    assert not Entry.objects.exists() and not DBTaskResult.objects.exists()


def test_a_replay_needs_the_csrf_token_and_the_school(replayer, school):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(replayer)
    row = event(school)
    assert browser.post(f"/s/baking/activity/{row.pk}/replay/").status_code == 403
    other = Connection.objects.create(name="O", slug="o", subdomain="o", api_key="o" * 32)
    theirs = event(other)
    client = Client()
    client.force_login(replayer)
    assert client.post(f"/s/baking/activity/{theirs.pk}/replay/").status_code == 404
    assert not Entry.objects.exists()


def test_a_retry_is_on_record_too(staff_client, replayer, school):
    row = event(school)
    Event.objects.filter(pk=row.pk).update(followup="failed", followup_error="boom")
    staff_client.post(f"/s/baking/activity/{row.pk}/retry/")
    entry = Entry.objects.get()
    assert (entry.action, entry.changes) == ("retry", [["follow_up", "failed", "pending"]])
