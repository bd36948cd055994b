"""Events keep the index fresh: each new event's payload updates its row, no call made.

Connected to `apps.webhooks.signals.event_stored`, which the receiver sends once its
answer to Thinkific is out; one upsert (or delete) per event.
"""

from __future__ import annotations

import time

from apps.index import records
from apps.index.models import IndexedEnrollment, IndexedName, IndexedOrder, IndexedUser, SchoolIndex
from apps.thinkific.resources.courses import Course
from apps.thinkific.resources.products import Product
from apps.thinkific.resources.users import User

ENROLLMENT_TOPICS = {
    "enrollment.created",
    "enrollment.trial",
    "enrollment.progress",
    "enrollment.completed",
}
INDEXED_TOPICS = {"user.signup", "user.updated", "order.created", *ENROLLMENT_TOPICS}
NAMES = {"course": (Course, "course"), "product": (Product, "product")}


def on_event_stored(*, connection_id: int, topic: str, payload: dict, **kwargs) -> None:
    if isinstance(payload, dict) and _holds(topic) and _indexed(connection_id):
        event_apply(connection_id=connection_id, topic=topic, payload=payload)


def _holds(topic: str) -> bool:
    return topic in INDEXED_TOPICS or topic.partition(".")[0] in NAMES


# Whether a school has an index, remembered a few seconds per process: the receiver's
# deliveries for a school without one then cost no query at all.
INDEXED_SECONDS = 5.0
_indexed_schools: dict[int, tuple[float, bool]] = {}


def _indexed(connection_id: int) -> bool:
    # A school without an index yet gets its rows from its first full pass.
    now = time.monotonic()
    known = _indexed_schools.get(connection_id)
    if known and known[0] > now:
        return known[1]
    indexed = SchoolIndex.objects.filter(connection_id=connection_id).exists()
    if len(_indexed_schools) >= 1000:
        _indexed_schools.clear()
    _indexed_schools[connection_id] = (now + INDEXED_SECONDS, indexed)
    return indexed


def forget(connection_id: int) -> None:
    """The school has an index now (in this process; others learn it within seconds)."""
    _indexed_schools.pop(connection_id, None)


def event_apply(*, connection_id: int, topic: str, payload: dict) -> bool:
    """Update the index from one event's payload; False for topics it does not hold."""
    resource, _, action = topic.partition(".")
    if topic in ("user.signup", "user.updated") and payload.get("id") is not None:
        row = records.user_row(User.from_api(payload))
        return bool(records.store(IndexedUser, connection_id, [row]))
    if topic == "order.created":
        row = records.order_from_event(payload)
        return bool(row and records.store(IndexedOrder, connection_id, [row]))
    if topic in ENROLLMENT_TOPICS:
        row = records.enrollment_from_event(payload, completed=topic == "enrollment.completed")
        return bool(row and records.keep(IndexedEnrollment, connection_id, row))
    if resource in NAMES and payload.get("id") is not None:
        record_class, kind = NAMES[resource]
        record = record_class.from_api(payload)
        if action == "deleted":
            records.remove(records.BY_NAME[f"{resource}s"], connection_id, [record.id])
            return True
        return bool(records.store(IndexedName, connection_id, [records.name_row(kind)(record)]))
    return False
