"""The follow-up of stored events on the worker: in order, once, its outcome on the event."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from itertools import count

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.index import events as index_events
from apps.index import storing
from apps.index.models import IndexedEnrollment, SchoolIndex
from apps.webhooks import followups, tasks
from apps.webhooks.models import Event, Inbox
from apps.webhooks.signals import event_followup
from tests.webhooks.factories import event

pytestmark = pytest.mark.django_db

MORNING = datetime(2026, 3, 5, 8, 0, tzinfo=UTC)


@pytest.fixture
def indexed(school):
    SchoolIndex.objects.create(connection=school)
    index_events.forget(school.pk)
    yield school
    index_events.forget(school.pk)


@pytest.fixture
def heard():
    """What `event_followup`'s receivers are told, in order."""
    calls = []

    def listen(*, topic, payload, occurred_at, **kwargs):
        calls.append((topic, payload.get("percentage_completed"), occurred_at))
        return [f"test: heard {topic}"]

    event_followup.connect(listen, dispatch_uid="test-heard")
    yield calls
    event_followup.disconnect(dispatch_uid="test-heard")


def progress(school, percent: int, minutes: int | None, record_id: int = 97472) -> Event:
    row = event(school, "enrollment.progress", id=record_id, percentage_completed=f"{percent}.0")
    row.occurred_at = None if minutes is None else MORNING + timedelta(minutes=minutes)
    row.save(update_fields=["occurred_at"])
    return row


def test_a_drain_follows_up_each_pending_event_in_order_of_its_own_time(school, heard):
    progress(school, 60, minutes=20)
    progress(school, 40, minutes=10)
    progress(school, 80, minutes=30)

    drained = followups.drain(connection_id=school.pk)

    assert drained.done == 3 and not drained.failed
    assert [percent for _, percent, _ in heard] == ["40.0", "60.0", "80.0"]
    for row in Event.objects.all():
        assert (row.followup, row.followup_attempts, row.changes) == (
            "done",
            1,
            ["test: heard enrollment.progress"],
        )
    assert followups.drain(connection_id=school.pk).done == 0  # each once


def test_the_index_follow_up_says_what_it_changed(indexed):
    first, second = progress(indexed, 40, minutes=10), progress(indexed, 60, minutes=20)
    followups.drain(connection_id=indexed.pk)
    late = progress(indexed, 20, minutes=5)  # delivered after the others were followed up
    followups.drain(connection_id=indexed.pk)

    for row in (first, second, late):
        row.refresh_from_db()
    assert first.changes == ["index: enrollment 97472 added"]
    assert second.changes == ["index: enrollment 97472 updated (progress 40% → 60%)"]
    assert late.changes == ["index: enrollment 97472: stale, kept the newer row"]


def test_a_failed_index_update_is_on_the_event_and_healed_by_its_retry(indexed, monkeypatch):
    row = progress(indexed, 40, minutes=10)
    apply = storing.apply
    failures = []

    def fails_once(*args, **kwargs):
        if not failures:
            failures.append(1)
            raise RuntimeError("the index is out to lunch")
        return apply(*args, **kwargs)

    monkeypatch.setattr(storing, "apply", fails_once)
    before = timezone.now()

    tasks.followups_drain.call(indexed.pk)

    row.refresh_from_db()
    assert (row.followup, row.followup_attempts) == ("failed", 1)
    assert row.followup_error == "RuntimeError: the index is out to lunch"
    assert (
        before + followups.FIRST_RETRY
        <= row.followup_due_at
        <= timezone.now() + timedelta(seconds=11)
    )
    assert not IndexedEnrollment.objects.exists()  # nothing half done
    (retry,) = DBTaskResult.objects.filter(task_path__endswith="followup_retry")
    assert retry.args_kwargs["args"] == [row.pk] and retry.run_after == row.followup_due_at
    assert followups.run_due(event_id=row.pk).done == 0  # not due yet

    Event.objects.filter(pk=row.pk).update(followup_due_at=timezone.now())
    assert tasks.followup_retry.call(row.pk) == "1 follow-up(s) done, 0 failed."

    row.refresh_from_db()
    assert (row.followup, row.followup_attempts, row.followup_error) == ("done", 2, "")
    assert row.changes == ["index: enrollment 97472 added"]
    assert row.followup_due_at is None
    assert IndexedEnrollment.objects.get().percentage_completed == Decimal("0.4")


def test_retries_back_off_up_to_a_cap_then_wait_for_staff():
    waits = [followups.backoff(n) for n in range(1, followups.MAX_ATTEMPTS + 1)]
    assert waits[:4] == [timedelta(seconds=s) for s in (10, 20, 40, 80)]
    assert waits[-1] is None  # the last attempt failed: no more by itself
    assert all(wait <= followups.LAST_RETRY for wait in waits[:-1])
    assert followups.backoff(30) is None


def test_a_follow_up_that_keeps_failing_stops_after_its_attempts(school, monkeypatch):
    def broken(**kwargs):
        raise ValueError("always")

    event_followup.connect(broken, dispatch_uid="test-broken")
    try:
        row = progress(school, 40, minutes=10)
        followups.drain(connection_id=school.pk)
        for _ in range(followups.MAX_ATTEMPTS + 2):
            Event.objects.filter(pk=row.pk, followup_due_at__isnull=False).update(
                followup_due_at=timezone.now()
            )
            followups.run_due(event_id=row.pk)
    finally:
        event_followup.disconnect(dispatch_uid="test-broken")
    row.refresh_from_db()
    assert (row.followup, row.followup_attempts) == ("failed", followups.MAX_ATTEMPTS)
    assert row.followup_due_at is None


def test_a_claimed_event_is_left_to_its_worker_until_the_claim_runs_out(school, heard):
    row = progress(school, 40, minutes=10)
    # What a killed worker leaves: its claim, and nothing done (its transaction died).
    Event.objects.filter(pk=row.pk).update(
        followup_token="dead-worker",
        followup_claimed_until=timezone.now() + timedelta(seconds=30),
        followup_attempts=1,
    )
    assert followups.drain(connection_id=school.pk).done == 0

    Event.objects.filter(pk=row.pk).update(followup_claimed_until=timezone.now())
    assert followups.drain(connection_id=school.pk).done == 1
    row.refresh_from_db()
    assert (row.followup, row.followup_attempts, len(heard)) == ("done", 2, 1)


def test_a_worker_whose_claim_was_taken_over_commits_nothing(indexed, monkeypatch):
    row = progress(indexed, 40, minutes=10)
    apply = storing.apply

    def overtaken(*args, **kwargs):
        applied = apply(*args, **kwargs)
        Event.objects.filter(pk=row.pk).update(followup_token="another-worker")
        return applied

    monkeypatch.setattr(storing, "apply", overtaken)
    assert followups.drain(connection_id=indexed.pk).done == 0
    assert not IndexedEnrollment.objects.exists()
    assert Event.objects.get(pk=row.pk).followup == "pending"


def test_at_most_one_drain_waits_per_school(school):
    assert tasks.followups_wake(school.pk)
    assert not tasks.followups_wake(school.pk)
    assert not tasks.followups_wake(school.pk)
    assert DBTaskResult.objects.filter(task_path__endswith="followups_drain").count() == 1

    tasks.followups_drain.call(school.pk)  # the drain starts: later events queue another
    assert tasks.followups_wake(school.pk)


def test_a_drain_lost_long_ago_is_queued_again(school):
    assert tasks.followups_wake(school.pk)
    Inbox.objects.update(queued_at=timezone.now() - tasks.QUEUED_STALE - timedelta(seconds=1))
    assert tasks.followups_wake(school.pk)


def test_the_sweep_queues_what_a_lost_task_left(school):
    stuck = progress(school, 40, minutes=10)
    Event.objects.filter(pk=stuck.pk).update(received_at=timezone.now() - timedelta(minutes=5))
    retry = progress(school, 50, minutes=11)
    Event.objects.filter(pk=retry.pk).update(
        followup="failed", followup_due_at=timezone.now() - timedelta(minutes=5)
    )
    followups.inbox_of(school.pk)

    assert tasks.followups_sweep() == (
        "1 overdue follow-up(s) queued, a drain queued for 1 school(s)."
    )
    queued = DBTaskResult.objects.values_list("task_path", "args_kwargs")
    assert sorted((path.rpartition(".")[2], kw["args"]) for path, kw in queued) == [
        ("followup_retry", [retry.pk]),
        ("followups_drain", [school.pk]),
    ]


def test_the_settled_mark_moves_on_only_past_settled_events(school):
    old = progress(school, 40, minutes=10)
    Event.objects.filter(pk=old.pk).update(received_at=timezone.now() - timedelta(hours=1))
    followups.drain(connection_id=school.pk)
    mark = Inbox.objects.get().settled_before
    assert mark <= timezone.now() - followups.SETTLE_LAG

    # An event committed late, with an earlier arrival time than the mark's lag allows.
    late = progress(school, 50, minutes=11)
    Event.objects.filter(pk=late.pk).update(received_at=mark + timedelta(seconds=1))
    assert followups.drain(connection_id=school.pk).done == 1


# -- through the receiver, in any order, redelivered ---------------------------------------

_deliveries = count(1)


@st.composite
def deliveries(draw):
    """Progress events about two enrollments, each at its own minute; some delivered twice;
    arriving in any order, the worker draining the inbox at any moments between."""
    minutes = draw(st.lists(st.integers(1, 600), min_size=2, max_size=8, unique=True))
    sent = []
    for minute in minutes:
        record_id = draw(st.sampled_from([11, 12]))
        sent.append((f"d{next(_deliveries)}", record_id, minute))
    copies = draw(st.lists(st.sampled_from(sent), max_size=4))
    arrivals = draw(st.permutations(sent + copies))
    drains = draw(st.lists(st.booleans(), min_size=len(arrivals), max_size=len(arrivals)))
    return sent, list(zip(arrivals, drains, strict=True))


def deliver(client, school, event_id: str, record_id: int, minute: int):
    moment = (MORNING + timedelta(minutes=minute)).isoformat().replace("+00:00", "Z")
    body = json.dumps(
        {
            "id": event_id,
            "resource": "enrollment",
            "action": "progress",
            "created_at": moment,
            "payload": {
                "id": record_id,
                "percentage_completed": f"{minute / 6:.1f}",
                "user": {"id": minute, "email": f"u{minute}@example.com", "first_name": "U"},
                "course": {"id": 3, "name": f"Course {minute}"},
                "updated_at": moment,
            },
        }
    ).encode()
    key = school.webhook_secret.encode()
    answer = client.post(
        f"/webhooks/in/{school.webhook_uuid}/",
        body,
        content_type="application/json",
        headers={"X-Thinkific-Hmac-Sha256": hmac.new(key, body, hashlib.sha256).hexdigest()},
    )
    assert answer.status_code == 200


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
@given(plan=deliveries())
def test_shuffled_redelivered_deliveries_leave_each_row_as_its_newest_event_says(
    client, indexed, plan
):
    sent, arrivals = plan
    Event.objects.filter(connection=indexed).delete()
    IndexedEnrollment.objects.filter(connection=indexed).delete()
    Inbox.objects.filter(connection=indexed).delete()

    for (event_id, record_id, minute), drain_now in arrivals:
        deliver(client, indexed, event_id, record_id, minute)
        if drain_now:
            followups.drain(connection_id=indexed.pk)
    followups.drain(connection_id=indexed.pk)

    assert Event.objects.filter(connection=indexed).count() == len(sent)  # stored once each
    assert set(Event.objects.values_list("followup", "followup_attempts")) == {("done", 1)}
    for record_id in {record for _, record, _ in sent}:
        newest = max(minute for _, record, minute in sent if record == record_id)
        row = IndexedEnrollment.objects.get(connection=indexed, thinkific_id=record_id)
        assert (row.course_name, row.user_id) == (f"Course {newest}", newest)
        assert row.percentage_completed == Decimal(f"{newest / 6:.1f}") / 100
        assert row.as_of == MORNING + timedelta(minutes=newest)


def test_a_long_drain_leaves_the_worker_after_its_slice_and_queues_the_next(school, settings):
    settings.JOBS_SLICE_SECONDS = 0
    for n in range(followups.BATCH + 5):
        progress(school, n % 100, minutes=n, record_id=n)

    assert (
        tasks.followups_drain.call(school.pk) == f"{followups.BATCH} follow-up(s) done, 0 failed."
    )

    assert Event.objects.filter(followup="pending").count() == 5
    (queued,) = DBTaskResult.objects.filter(task_path__endswith="followups_drain")
    assert queued.args_kwargs["args"] == [school.pk]
    assert tasks.followups_drain.call(school.pk) == "5 follow-up(s) done, 0 failed."
