"""Missed events: changes a read of Thinkific found that no delivery told of.

The index's reads (full passes, enrollment re-reads) report what changed since the index
last knew (`apps.index.signals.records_changed`); each change of a topic the school
watches is looked up among the events received: a delivery of that topic about that
record since the change could have happened. None: it is recorded as missed. A delivery
that comes after all marks it late (`event_settle`, part of every event's follow-up).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from django.db.models import Q

from apps.webhooks.models import Event, MissedEvent, Watch

# (kind, what) -> the topic a missed change is recorded as, and those whose delivery
# would have told of it (a completion also says how far the student got).
TOPICS = {
    ("users", "created"): ("user.signup", ("user.signup",)),
    ("users", "updated"): ("user.updated", ("user.updated",)),
    ("orders", "created"): ("order.created", ("order.created",)),
    ("enrollments", "created"): ("enrollment.created", ("enrollment.created", "enrollment.trial")),
    ("enrollments", "progress"): (
        "enrollment.progress",
        ("enrollment.progress", "enrollment.completed"),
    ),
    ("enrollments", "completed"): ("enrollment.completed", ("enrollment.completed",)),
}
RESOURCES = {"users": "user", "orders": "order", "enrollments": "enrollment"}


def topic_of(change: Any) -> tuple[str, tuple[str, ...]]:
    topic, telling = TOPICS[(change.kind, change.what)]
    if topic == "enrollment.created" and change.trial:
        topic = "enrollment.trial"
    return topic, telling


def watched_topics(connection_id: int) -> set[str]:
    wanted: set[str] = set()
    for names in Watch.objects.filter(connection_id=connection_id).values_list("topics", flat=True):
        wanted.update(names)
    return wanted


def on_records_changed(
    *, connection_id: int, read_at: datetime, changes: list, **kwargs: Any
) -> None:
    """Record the changes no delivery told of, among the topics the school watches."""
    watched = watched_topics(connection_id)
    wanted = [(change, *topic_of(change)) for change in changes]
    wanted = [(change, topic, telling) for change, topic, telling in wanted if topic in watched]
    if not wanted:
        return
    told = _deliveries(connection_id, wanted)
    missed = [
        MissedEvent(
            connection_id=connection_id,
            topic=topic,
            record_id=change.record_id,
            summary=change.summary[:200],
            found_at=read_at,
            since=change.since,
            changed_at=change.changed_at,
            payload=change.payload,
        )
        for change, topic, telling in wanted
        if not _told(told[change.record_id], telling, change)
    ]
    # The same change found again (a re-read's overlap, then a full pass) is kept once.
    MissedEvent.objects.bulk_create(missed, ignore_conflicts=True)


def _deliveries(connection_id: int, wanted: list) -> dict[int, list[tuple[str, datetime]]]:
    """The delivered events about these records: record id -> [(topic, when)]."""
    ids = {change.record_id for change, _, _ in wanted}
    names = {name for _, _, telling in wanted for name in telling}
    # A payload's id may be a number or a string of one, as deliveries differ.
    about = Q(payload__id__in=sorted(ids)) | Q(payload__id__in=sorted(map(str, ids)))
    events = Event.objects.filter(about, connection_id=connection_id, topic__in=names).exclude(
        reconstructed=True
    )
    told: dict[int, list[tuple[str, datetime]]] = defaultdict(list)
    for record, topic, occurred_at, received_at in events.values_list(
        "payload__id", "topic", "occurred_at", "received_at"
    ):
        try:
            told[int(record)].append((topic, occurred_at or received_at))
        except (TypeError, ValueError):
            continue
    return told


def _told(deliveries: list[tuple[str, datetime]], telling: tuple[str, ...], change) -> bool:
    if change.what == "created":  # whenever it came: a record is created once
        return any(topic in telling for topic, _ in deliveries)
    return any(
        topic in telling and (change.since is None or when > change.since)
        for topic, when in deliveries
    )


def event_settle(
    *,
    connection_id: int,
    topic: str,
    payload: Any,
    reconstructed: bool = False,
    event_pk=None,
    **kwargs,
) -> list[str]:
    """An event's follow-up: the missed events it turns out to have been late for."""
    if reconstructed or not isinstance(payload, dict) or event_pk is None:
        return []
    record = payload.get("id")
    if isinstance(record, bool) or not isinstance(record, int | str):
        return []
    try:
        record_id = int(record)
    except ValueError:
        return []
    if abs(record_id) >= 2**63:
        return []
    late = MissedEvent.objects.filter(
        connection_id=connection_id, topic=topic, record_id=record_id, event__isnull=True
    ).update(event_id=event_pk)
    return [f"missed: {late} missed event(s) of this record delivered late"] if late else []
