"""Events keep the index fresh: each event's payload updates its row, no call made, in
order: a row changes only for an event not older than what it already reflects.

`event_apply` is an event's index follow-up, connected in `apps.py`; it says in words
what it changed ("index: enrollment 7 updated (progress 40 → 60 %)").
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from apps.core import display
from apps.index import records, storing
from apps.index.models import IndexedEnrollment, IndexedName, IndexedOrder, IndexedUser, SchoolIndex
from apps.thinkific.records import to_datetime
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
# Thinkific's clock may run a little ahead of ours; a date further ahead is not believed.
CLOCK_TOLERANCE = timedelta(minutes=1)


def holds(topic: str) -> bool:
    """Whether events of `topic` change index rows."""
    return topic in INDEXED_TOPICS or topic.partition(".")[0] in NAMES


def event_time(payload: dict, occurred_at: datetime | None, received_at: datetime) -> datetime:
    """The moment an event's payload is true: when it happened (else the record's
    `updated_at`, else its arrival), never later than its arrival (give or take clocks)."""
    moment = occurred_at or to_datetime(payload.get("updated_at")) or received_at
    return min(moment, received_at + CLOCK_TOLERANCE)


# Whether a school has an index, remembered a few seconds per process.
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


def event_apply(
    *,
    connection_id: int,
    topic: str,
    payload: Any,
    occurred_at: datetime | None = None,
    received_at: datetime | None = None,
    **kwargs: Any,
) -> list[str]:
    """Update the index from one event's payload; what it did, in words (nothing for an
    event the index does not hold, or a school without an index)."""
    if not (isinstance(payload, dict) and holds(topic) and _indexed(connection_id)):
        return []
    as_of = event_time(payload, occurred_at, received_at or timezone.now())
    resource, _, action = topic.partition(".")
    if topic in ("user.signup", "user.updated"):
        return _apply("user", IndexedUser, connection_id, _user(payload), as_of)
    if topic == "order.created":
        return _apply(
            "order", IndexedOrder, connection_id, records.order_from_event(payload), as_of
        )
    if topic in ENROLLMENT_TOPICS:
        row = records.enrollment_from_event(payload, completed=topic == "enrollment.completed")
        return _apply("enrollment", IndexedEnrollment, connection_id, row, as_of, partial=True)
    record_class, kind = NAMES[resource]
    row = records.name_row(kind)(record_class.from_api(payload))
    if action != "deleted":
        return _apply(kind, IndexedName, connection_id, row, as_of)
    row = records.bounded(row)
    if row["thinkific_id"] is None:
        return []
    deleted, _ = IndexedName.objects.filter(
        connection_id=connection_id, kind=kind, thinkific_id=row["thinkific_id"]
    ).delete()
    subject = f"{kind} {row['thinkific_id']}"
    return [f"index: {subject} removed" if deleted else f"index: no {subject} to remove"]


def _user(payload: dict) -> records.Row | None:
    return records.user_row(User.from_api(payload)) if payload.get("id") is not None else None


def _apply(kind: str, model, connection_id: int, row, as_of: datetime, partial=False) -> list[str]:
    row = records.bounded(row) if row else None
    if row is None or row["thinkific_id"] is None:
        return []  # no record it could be about
    updated_at = row.get("updated_at") if partial else None
    applied = storing.apply(
        model, connection_id, row, as_of=as_of, partial=partial, updated_at=updated_at
    )
    return [say(kind, applied)]


# -- in words -----------------------------------------------------------------------------

# The fields worth naming, in the words of the lists; the rest follow from these.
LABELS = {
    "full_name": "name",
    "email": "email",
    "company": "company",
    "roles": "roles",
    "user_name": "user",
    "user_email": "email",
    "course_name": "course",
    "product_name": "product",
    "percentage_completed": "progress",
    "completed": "completed",
    "is_free_trial": "trial",
    "expiry_date": "expiry",
    "completed_at": "completed on",
    "status": "status",
    "amount_cents": "amount",
    "coupon_code": "coupon",
    "name": "name",
}
MAX_CHANGES = 4


def say(kind: str, applied: storing.Applied) -> str:
    """ "index: enrollment 7 updated (progress 40 → 60 %)", or why nothing changed."""
    subject = f"index: {kind} {applied.thinkific_id}"
    if applied.outcome == "stale":
        return f"{subject}: stale, kept the newer row"
    if applied.outcome == "created":
        return f"{subject} added"
    if applied.outcome == "missing":
        return f"{subject}: not kept, no row holds that id"
    named = [change for change in applied.changes if change[0] in LABELS]
    if not named:
        return f"{subject} unchanged" if not applied.changes else f"{subject} updated"
    parts = [_change(*change) for change in named[:MAX_CHANGES]]
    if len(named) > MAX_CHANGES:
        parts.append(f"{len(named) - MAX_CHANGES} more")
    return f"{subject} updated ({', '.join(parts)})"


def _change(field: str, before: Any, after: Any) -> str:
    label = LABELS[field]
    if field == "percentage_completed":
        return f"{label} {percent_text(before)} → {percent_text(after)}"
    return f"{label} {_value(before)} → {_value(after)}"


def percent_text(value: Any) -> str:
    """A stored fraction of 1 as the pages write percentages ("40%"), or "none"."""
    return "none" if value is None else display.percent(value, 1)


def _value(value: Any) -> str:
    if value in (None, "", []):
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return display.when(value)
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return f"“{text[:40]}…”" if len(text) > 40 else f"“{text}”"
