"""Reads of stored events."""

from datetime import UTC, datetime, timedelta

import pytest

from apps.webhooks import selectors
from tests.webhooks.factories import event

pytestmark = pytest.mark.django_db

MORNING = datetime(2026, 3, 5, 8, 0, tzinfo=UTC)


def test_a_record_s_latest_events_are_the_latest_to_happen_not_to_arrive(school):
    sixty = event(school, "enrollment.progress", id=55, percentage_completed="60.0")
    sixty.occurred_at = MORNING + timedelta(minutes=20)
    late = event(school, "enrollment.progress", id=55, percentage_completed="40.0")
    late.occurred_at = MORNING + timedelta(minutes=10)  # arrived last, happened first
    unknown = event(school, "enrollment.created", id=55)  # no time given: its arrival
    for row in (sixty, late, unknown):
        row.save()

    found = selectors.record_events(connection=school, resource="enrollment", record_id=55)

    assert [e.pk for e in found] == [unknown.pk, sixty.pk, late.pk]
