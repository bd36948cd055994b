"""Reading a school's history of changes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from apps.connections.models import Connection
from apps.core.cached import per_school
from apps.core.timezones import day_first, day_last
from apps.history.models import Entry
from apps.thinkific import ThinkificClient, errors

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


@dataclass(frozen=True)
class Sent:
    """A field's value as the portal last sent it to Thinkific for a record, accepted."""

    value: Any  # as kept by the history; None when the record's create left the field out
    at: datetime
    action: str  # Entry.Action.CREATE or UPDATE


def last_sent(
    *,
    connection: Connection,
    resource: str,
    record_id: int | str,
    fields: Iterable[str],
    actions: Iterable[str] = (Entry.Action.CREATE, Entry.Action.UPDATE),
) -> dict[str, Sent]:
    """What the portal last sent Thinkific for the record's `fields`, from the writes of its
    pages and console that Thinkific accepted (a bulk job's rows have no entries of their
    own): for the fields Thinkific's answers leave out. A field the record's create left out
    is there with the value None (Thinkific's default); one never sent is absent. Only
    `actions` count."""
    wanted = set(fields)
    found: dict[str, Sent] = {}
    entries = Entry.objects.filter(
        connection=connection,
        resource=resource,
        record_id=str(record_id),
        outcome=Entry.Outcome.DONE,
        action__in=list(actions),
    ).only("at", "action", "changes")
    for entry in entries.iterator(chunk_size=50):
        rows = {row[0]: row[2] for row in entry.changes if isinstance(row, list) and len(row) == 3}
        for field in wanted - found.keys():
            if field in rows or entry.action == Entry.Action.CREATE:
                found[field] = Sent(value=rows.get(field), at=entry.at, action=entry.action)
        if entry.action == Entry.Action.CREATE or found.keys() >= wanted:
            break  # each field found (a create sets them all): older entries are older values
    return found


def staff_choices(*, connection: Connection) -> QuerySet:
    """Whom the history can be filtered by: the school's members and anyone who made an
    entry of it (a former member)."""
    authors = Entry.objects.filter(connection=connection).values("user")
    members = connection.members.values("pk")
    return (
        get_user_model().objects.filter(Q(pk__in=authors) | Q(pk__in=members)).order_by("username")
    )


def profile_field_labels(*, client: ThinkificClient, connection: Connection) -> dict[int, str]:
    """{definition id: label} of the school's custom profile fields, read once in a while;
    empty while Thinkific cannot say (the history then calls them by their ids)."""
    try:
        definitions = per_school(
            "history:profile-fields",
            connection.pk,
            lambda: tuple(client.custom_profile_fields.all()),
        )
    except errors.ThinkificError:
        return {}
    return {definition.id: definition.label for definition in definitions}


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
            yield [*head, field, before, after, *tail]
