"""Missed events against the sandbox: deliveries stopped for a while, then a re-read.

The sandbox is told not to deliver some topics (its webhooks paused, as an outage would),
students keep learning and buying meanwhile, and the re-reads of the index report exactly
the events that were not delivered, no more.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.connections.services import client_for
from apps.index.models import IndexedEnrollment, SchoolIndex
from apps.sandbox import models as sandbox
from apps.sandbox.demo.activity import activity_run
from apps.webhooks import selectors, services
from apps.webhooks.models import Event, MissedEvent
from tests.index.conftest import sync_all
from tests.jobs.worker import wait_for
from tests.webhooks.sandbox import sandbox_school

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]

WATCHED = [
    "user.signup",
    "order.created",
    "enrollment.created",
    "enrollment.trial",
    "enrollment.progress",
    "enrollment.completed",
]
PAUSED = ["order.created", "enrollment.progress", "enrollment.completed"]


@pytest.fixture
def school(live_server, settings):
    settings.INDEX_SLICE_SECONDS = 0.5
    settings.THINKIFIC_RATE_LIMIT = 100_000
    school = sandbox_school(live_server, settings, subdomain="missing-academy", slug="missing")
    _, result = services.watch_create(
        connection=school, client=client_for(school), name="Everything", topics=WATCHED
    )
    assert result.ok, result.message
    sync_all(school)  # the first full pass: nothing to compare with yet
    return school


def followed_up() -> bool:
    return not Event.objects.filter(followup="pending").exists()


def learning(upstream) -> dict[int, tuple[Decimal, bool]]:
    return {
        row.pk: (row.percentage_completed, row.completed_at is not None)
        for row in sandbox.Enrollment.objects.filter(school=upstream)
    }


def test_a_re_read_reports_exactly_the_events_not_delivered(school):
    upstream = sandbox.School.objects.get(subdomain="missing-academy")
    rng = random.Random(25)
    for kind in ("signup", "order", "progress", "progress"):  # delivered
        activity_run(upstream, rng, kind)
    wait_for(followed_up, timeout=10)
    before = learning(upstream)
    orders_before = set(sandbox.Order.objects.filter(school=upstream).values_list("pk", flat=True))

    paused = sandbox.Webhook.objects.filter(school=upstream, topic__in=PAUSED)
    assert paused.update(status="paused") == len(PAUSED)
    for kind in ["order", "signup"] + ["progress"] * 12 + ["order"]:
        activity_run(upstream, rng, kind)
    during = learning(upstream)
    new_orders = set(sandbox.Order.objects.filter(school=upstream).values_list("pk", flat=True))
    paused.update(status="active")
    wait_for(followed_up, timeout=10)
    assert Event.objects.filter(topic="user.signup").count() == 2  # the rest came

    # The enrollments' re-read, then a full pass (orders are only read whole).
    SchoolIndex.objects.filter(connection=school).update(
        enrollments_through=timezone.now() - timedelta(minutes=10)
    )
    sync_all(school)
    sync_all(school, force=True)

    created = (Decimal(0), False)  # an enrollment created meanwhile was delivered so
    moved = {pk for pk, now in during.items() if now[0] != before.get(pk, created)[0]}
    finished = {pk for pk, now in during.items() if now[1] and not before.get(pk, created)[1]}
    expected = {
        *(("order.created", pk) for pk in new_orders - orders_before),
        *(("enrollment.progress", pk) for pk in moved),
        *(("enrollment.completed", pk) for pk in finished),
    }
    assert len(moved) >= 5 and len(new_orders - orders_before) == 2  # the test did its part
    assert set(MissedEvent.objects.values_list("topic", "record_id")) == expected
    assert MissedEvent.objects.count() == len(expected)

    health = {item.topic: item for item in selectors.topic_health(connection=school)}
    assert health["enrollment.progress"].missed_day == len(moved)
    assert health["order.created"].missed_month == 2
    assert health["user.signup"].missed_day == 0
    assert health["user.signup"].delivered_day == 2


def test_a_missed_event_stored_as_an_event_is_followed_up_once(school):
    upstream = sandbox.School.objects.get(subdomain="missing-academy")
    sandbox.Webhook.objects.filter(school=upstream, topic__in=PAUSED).update(status="paused")
    rng = random.Random(3)
    for _ in range(4):
        activity_run(upstream, rng, "progress")
    SchoolIndex.objects.filter(connection=school).update(
        enrollments_through=timezone.now() - timedelta(minutes=10)
    )
    sync_all(school)
    missed = MissedEvent.objects.filter(topic="enrollment.progress").first()
    assert missed is not None
    row = IndexedEnrollment.objects.get(connection=school, thinkific_id=missed.record_id)

    event = services.missed_event_store(missed=missed)
    assert services.missed_event_store(missed=missed) is None  # once
    wait_for(followed_up, timeout=10)

    event.refresh_from_db()
    assert event.reconstructed and event.followup == "done"
    # The read that found it stored the row already, as of its later moment.
    assert event.changes == [f"index: enrollment {missed.record_id}: stale, kept the newer row"]
    assert IndexedEnrollment.objects.get(pk=row.pk).percentage_completed == row.percentage_completed
    assert Event.objects.filter(connection=school, reconstructed=True).count() == 1
    feed = selectors.event_list(feed=selectors.Feed(connection_ids=frozenset({school.pk})))
    assert event.pk in [item.pk for item in feed]
    health = {item.topic: item for item in selectors.topic_health(connection=school)}
    assert health["enrollment.progress"].missed_day >= 1  # stored, yet still missed
