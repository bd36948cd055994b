"""Recording an event and queueing one delivery per webhook registered for its topic."""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.utils import timezone

from apps.sandbox import models as m
from apps.sandbox.events import delivery
from apps.sandbox.events.ids import timestamp_id


def event_emit(*, school: m.School, topic: str, payload: dict) -> m.Event:
    """Store the event; its deliveries are queued once the surrounding transaction commits.

    So a delivery never announces a change that was rolled back, and never delays the
    API answer: the task runs in the worker.
    """
    resource, action = topic.split(".", 1)
    now = timezone.now()
    event = m.Event.objects.create(
        id=timestamp_id(now),
        school=school,
        resource=resource,
        action=action,
        payload=payload,
        created_at=now,
    )
    hooks = m.Webhook.objects.filter(school=school, topic=topic, status="active")
    deliveries = m.Delivery.objects.bulk_create(
        m.Delivery(
            school=school,
            event=event,
            webhook=hook,
            target_url=hook.target_url,
            next_attempt_at=now,
        )
        for hook in hooks
    )
    for row in deliveries:
        transaction.on_commit(partial(delivery.enqueue, row.pk))
    return event
