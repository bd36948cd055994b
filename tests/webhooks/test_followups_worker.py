"""Follow-ups on the real task worker: two workers at once, and one killed midway.

Each event is an enrollment the index does not have yet, so its one committed run says
"added"; a run committed twice, or half of one, would leave another line, or none.
"""

from __future__ import annotations

import signal
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from apps.index.models import IndexedEnrollment, SchoolIndex
from apps.webhooks import tasks
from apps.webhooks.models import Event
from tests.jobs.worker import Workers, wait_for

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]

MORNING = datetime(2026, 3, 5, 8, 0, tzinfo=UTC)


@pytest.fixture
def workers():
    pool = Workers(JOBS_LEASE_SECONDS="2")
    yield pool
    pool.stop_all()


def new_enrollments(school, count: int) -> None:
    SchoolIndex.objects.create(connection=school)
    Event.objects.bulk_create(
        Event(
            connection=school,
            event_id=f"ev-{n}",
            topic="enrollment.created",
            resource="enrollment",
            action="created",
            occurred_at=MORNING + timedelta(seconds=n),
            payload={"id": n, "user": {"id": 7}, "course": {"id": 3, "name": "Baking"}},
        )
        for n in range(1, count + 1)
    )


def done() -> int:
    return Event.objects.filter(followup="done").count()


def each_once(count: int) -> None:
    assert IndexedEnrollment.objects.count() == count
    for event_id, changes in Event.objects.values_list("payload__id", "followup_changes"):
        assert changes == f"index: enrollment {event_id} added"


def test_two_workers_follow_each_event_up_once(school, workers):
    new_enrollments(school, 400)
    for _ in range(4):  # as if several processes had woken it at once
        tasks.followups_drain.enqueue(school.pk)
    workers.start()
    workers.start()

    wait_for(lambda: done() == 400, timeout=120)

    each_once(400)
    assert set(Event.objects.values_list("followup_attempts", flat=True)) == {1}


def test_a_killed_worker_s_events_are_taken_over_and_followed_up_once(school, workers, monkeypatch):
    new_enrollments(school, 1500)
    assert tasks.followups_wake(school.pk)
    first = workers.start()
    wait_for(lambda: done() >= 100, timeout=120, every=0.01)
    workers.stop(first, signal.SIGKILL)
    left = 1500 - done()
    assert left > 0, "the worker finished before it could be killed"

    workers.start()
    # The schedule's sweep finds the inbox nobody drains any more (here at once, not
    # after minutes), once the dead worker's claim has run out.
    monkeypatch.setattr(tasks, "STUCK_AFTER", timedelta(0))
    claimed = Event.objects.filter
    wait_for(lambda: not claimed(followup_claimed_until__gt=timezone.now()).exists(), timeout=10)
    wait_for(lambda: "a drain queued for 1 school(s)" in tasks.followups_sweep(), timeout=10)
    wait_for(lambda: done() == 1500, timeout=120)

    each_once(1500)
    attempts = list(Event.objects.values_list("followup_attempts", flat=True))
    assert attempts.count(1) >= 1499  # the dead worker's event at most was tried twice
