"""Reading a school's history of changes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from apps.connections.models import Connection
from apps.core.timezones import day_first, day_last
from apps.history.models import Entry

CSV_HEADER = (
    "at",
    "staff",
    "source",
    "action",
    "resource",
    "record_id",
    "record",
    "field",
    "before",
    "after",
    "before_read_at",
    "outcome",
    "status",
    "message",
    "method",
    "path",
    "job",
)


FORMULA_STARTS = ("=", "+", "@", "\t", "\r")


def history_list(
    *,
    connection: Connection,
    user=None,
    resource: str = "",
    action: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[Entry]:
    """The school's entries, newest first, filtered (`until` is the last day included)."""
    entries = Entry.objects.filter(connection=connection).select_related("user", "job")
    if user is not None:
        entries = entries.filter(user=user)
    if resource:
        entries = entries.filter(resource=resource)
    if action:
        entries = entries.filter(action=action)
    if since:
        entries = entries.filter(at__gte=day_first(since))
    if until:
        entries = entries.filter(at__lte=day_last(until))
    return entries


def record_history(*, connection: Connection, resource: str, record_id: str) -> QuerySet[Entry]:
    """One record's entries, newest first."""
    return history_list(connection=connection, resource=resource).filter(record_id=record_id)


def staff_choices(*, connection: Connection) -> QuerySet:
    """Whom the history can be filtered by: the school's members and anyone who made an
    entry of it (a former member)."""
    authors = Entry.objects.filter(connection=connection).values("user")
    members = connection.members.values("pk")
    return (
        get_user_model().objects.filter(Q(pk__in=authors) | Q(pk__in=members)).order_by("username")
    )


def history_csv(entries: QuerySet[Entry]) -> Iterator[list]:
    """The entries as CSV lines, one per field changed (one for an entry without any)."""
    yield list(CSV_HEADER)
    for entry in entries.iterator(chunk_size=500):
        head = [
            entry.at.isoformat(),
            entry.actor,
            entry.source,
            entry.action,
            entry.resource,
            entry.record_id,
            entry.record_name,
        ]
        tail = [
            entry.before_read_at.isoformat() if entry.before_read_at else "",
            entry.outcome,
            entry.status or "",
            entry.message,
            entry.method,
            entry.path,
            entry.job_id or "",
        ]
        for field, before, after in entry.changes or [["", "", ""]]:
            yield [_cell(value) for value in (*head, field, before, after, *tail)]


def _cell(value) -> str:
    """A CSV cell; text a spreadsheet would run as a formula is quoted to stay text."""
    text = "" if value is None else str(value)
    formula = text[:1] in FORMULA_STARTS or (text[:1] == "-" and not _number(text))
    return f"'{text}" if formula else text


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
