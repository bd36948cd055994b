"""What a read of Thinkific finds that nothing told the index: records created since the
last read of their list, users whose name or email changed and enrollments whose progress
moved since their row was last true. Each should have come as an event; whether it did
is for the receivers of `signals.records_changed` to say.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from apps.index import records
from apps.index.events import percent_text
from apps.index.records import Kind, Row

# Records created this long before the last read are looked at again: clocks differ.
OVERLAP = timedelta(minutes=1)
# The fields an event and a read of the same record both say alike.
COMPARED = {
    "users": ("first_name", "last_name", "email"),
    "enrollments": ("percentage_completed", "completed"),
}


@dataclass(frozen=True)
class Change:
    kind: str  # "users", "orders" or "enrollments"
    record_id: int
    what: str  # "created", "updated", "progress" or "completed"
    since: datetime | None  # the index knew the record as of then: it changed later
    changed_at: datetime | None  # when Thinkific says it did, where it says
    payload: dict[str, Any]  # the record as its event would carry it
    summary: str  # in words: "progress 40 → 60 %"

    @property
    def trial(self) -> bool:
        return bool(self.payload.get("free_trial"))


def found(
    kind: Kind,
    connection_id: int,
    rows: list[Row],
    *,
    read_at: datetime,
    last_read: datetime | None,
) -> list[Change]:
    """The changes among `rows`, read at `read_at`, to be checked against the events: call
    it before the rows are stored. Nothing before a first read of the list."""
    if kind.name not in ("users", "orders", "enrollments") or last_read is None or not rows:
        return []
    since = last_read - OVERLAP
    rows = [row for row in rows if records.held([row["thinkific_id"]])]  # the index keeps no other
    changes = [
        _change(kind, row, "created", since, row["created_at"], "created")
        for row in rows
        if row["created_at"] is not None and row["created_at"] > since
    ]
    fields = COMPARED.get(kind.name)
    if not fields:
        return changes
    stored = {
        values["thinkific_id"]: values
        for values in kind.rows.filter(
            connection_id=connection_id, thinkific_id__in=[row["thinkific_id"] for row in rows]
        ).values("thinkific_id", "as_of", *fields)
    }
    for row in rows:
        before = stored.get(row["thinkific_id"])
        if before is None or (before["as_of"] is not None and before["as_of"] >= read_at):
            continue  # created (above), or newer than this read: an event came since
        changes.extend(_compared(kind, row, before, since))
    return changes


def _compared(kind: Kind, row: Row, before: dict, since: datetime) -> list[Change]:
    known = before["as_of"] or since
    if kind.name == "users":
        names = [name for name in COMPARED["users"] if before[name] != row[name]]
        if not names:
            return []
        return [_change(kind, row, "updated", known, None, f"{', '.join(names)} changed")]
    changes = []
    old, new = before["percentage_completed"], row["percentage_completed"]
    if new is not None and old != new:
        summary = f"progress {percent_text(old)} → {percent_text(new)}"
        changes.append(_change(kind, row, "progress", known, row["updated_at"], summary))
    if row["completed"] and not before["completed"]:
        when = row["completed_at"] or row["updated_at"]
        changes.append(_change(kind, row, "completed", known, when, "completed"))
    return changes


def _change(kind: Kind, row: Row, what: str, since, changed_at, summary: str) -> Change:
    return Change(
        kind=kind.name,
        record_id=row["thinkific_id"],
        what=what,
        since=since,
        changed_at=changed_at,
        payload=records.event_payload(kind.name, row),
        summary=summary,
    )
