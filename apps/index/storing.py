"""Writing index rows in order: a row changes only for what is not older than what it
already reflects (`as_of`), whoever writes it: a read of Thinkific (one upsert a batch,
keyed by the school and Thinkific's id), an event or one of the portal's own writes."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.utils import timezone

from apps.index.models import IndexedName
from apps.index.records import Kind, Row, fits, words


def store(
    model: type[models.Model],
    connection_id: int,
    rows: Iterable[Row],
    *,
    as_of: datetime | None = None,
    seen_at: datetime | None = None,
) -> int:
    """Insert the rows read from Thinkific at `as_of` (default: now), or update those the
    school has already, except where a row reflects a later moment (an event applied since
    the read began): one statement a batch. Every row counts as seen, kept or not."""
    seen_at = seen_at or timezone.now()
    as_of = as_of or seen_at
    held = model._meta.get_field("thinkific_id")
    objects = [  # a record whose id the column cannot hold stays out (no URL takes it either)
        _searchable(model(connection_id=connection_id, seen_at=seen_at, as_of=as_of, **row))
        for row in rows
        if row["thinkific_id"] is not None and fits(held, row["thinkific_id"])
    ]
    if not objects:
        return 0
    db = connections[DEFAULT_DB_ALIAS]
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    size = max(1, min(250, db.ops.bulk_batch_size(fields, objects)))
    with db.cursor() as cursor:
        for start in range(0, len(objects), size):
            batch = objects[start : start + size]
            cursor.execute(_upsert_sql(model, len(batch), keep_newer=True), _values(batch, db))
    # Rows kept because they are newer were seen by this read all the same.
    _unique_rows(model, connection_id, objects).filter(seen_at__lt=seen_at).update(seen_at=seen_at)
    return len(objects)


def _values(objects: list[models.Model], db) -> list:
    fields = [field for field in objects[0]._meta.concrete_fields if not field.primary_key]
    return [
        field.get_db_prep_save(getattr(row, field.attname), connection=db)
        for row in objects
        for field in fields
    ]


def _unique_fields(model: type[models.Model]) -> list[str]:
    if model is IndexedName:
        return ["connection", "kind", "thinkific_id"]
    return ["connection", "thinkific_id"]


def _unique_rows(model, connection_id: int, objects: list[models.Model]) -> models.QuerySet:
    rows = model.objects.filter(
        connection_id=connection_id, thinkific_id__in={row.thinkific_id for row in objects}
    )
    return rows.filter(kind=objects[0].kind) if model is IndexedName else rows


@functools.cache
def _upsert_sql(model: type[models.Model], count: int, *, keep_newer: bool) -> str:
    """INSERT of `count` rows; on a row the school has, an update unless that row reflects
    a later moment (`keep_newer`), or else nothing, returning the ids inserted."""
    meta = model._meta
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    unique = [meta.get_field(name).column for name in _unique_fields(model)]
    columns = ", ".join(quote(field.column) for field in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    table, as_of = quote(meta.db_table), quote("as_of")
    if keep_newer:
        updates = ", ".join(
            f"{quote(f.column)} = EXCLUDED.{quote(f.column)}"
            for f in fields
            if f.column not in unique
        )
        action = (
            f"DO UPDATE SET {updates} "
            f"WHERE {table}.{as_of} IS NULL OR {table}.{as_of} <= EXCLUDED.{as_of}"
        )
    else:
        action = f"DO NOTHING RETURNING {quote(meta.pk.column)}"
    # Only the model's own names are formatted in; every value goes as a parameter.
    return (
        f"INSERT INTO {table} ({columns}) VALUES {', '.join([row] * count)} "  # noqa: S608
        f"ON CONFLICT ({', '.join(quote(c) for c in unique)}) {action}"
    )


def _searchable(row: models.Model) -> models.Model:
    """The row as it is written: a value its column cannot hold (Thinkific's numbers have no
    bound) unknown rather than refused by the database, and its words for search."""
    for field in row._meta.concrete_fields:
        if field.null and not fits(field, getattr(row, field.attname)):
            setattr(row, field.attname, None)
    row.search = words(*(getattr(row, name) for name in row.SEARCHED))
    return row


# -- applying one record in order: events and the portal's own writes --------------------

EMPTY = (None, "", [], ())


@dataclass(frozen=True)
class Applied:
    """What applying one record did to its row."""

    # "created", "updated", "unchanged", "stale" (the row is newer: kept) or "missing" (no
    # row, and none made: not asked to, or the id is one no row can hold)
    outcome: str
    thinkific_id: int
    changes: tuple[tuple[str, Any, Any], ...] = ()  # (field, before, after)
    row_as_of: datetime | None = None  # the stored row's moment, when it was kept

    @property
    def changed(self) -> bool:
        return self.outcome in ("created", "updated")


def apply(
    model: type[models.Model],
    connection_id: int,
    row: Row,
    *,
    as_of: datetime,
    partial: bool = False,
    updated_at: datetime | None = None,
    derive: Callable[[models.Model], None] | None = None,
    create: bool = True,
) -> Applied:
    """Apply one record, true at `as_of`, to its row unless the row reflects a later
    moment (or, where both say, a later `updated_at` on Thinkific's own clock).

    `partial`: only the values that say something are applied (an event or a write names
    only some fields). `derive` recomputes fields that follow from others. `create`
    False leaves a row the school lacks to the next read.
    """
    if not fits(model._meta.get_field("thinkific_id"), row["thinkific_id"]):
        return Applied("missing", row["thinkific_id"])  # no row can hold that id
    lookup = {"kind": row["kind"]} if model is IndexedName else {}
    for _ in range(2):  # a row inserted meanwhile by another writer is then updated
        with transaction.atomic():
            stored = (
                model.objects.select_for_update()
                .filter(connection_id=connection_id, thinkific_id=row["thinkific_id"], **lookup)
                .first()
            )
            if stored is not None:
                return _update(stored, row, as_of, partial, updated_at, derive)
        if not create:
            return Applied("missing", row["thinkific_id"])
        fresh = _searchable(
            model(connection_id=connection_id, seen_at=timezone.now(), as_of=as_of, **row)
        )
        if derive:
            derive(fresh)
            _searchable(fresh)
        db = connections[DEFAULT_DB_ALIAS]
        with db.cursor() as cursor:
            cursor.execute(_upsert_sql(model, 1, keep_newer=False), _values([fresh], db))
            if cursor.fetchall():
                return Applied("created", row["thinkific_id"])
    raise RuntimeError("The row was inserted and deleted again meanwhile.")  # pragma: no cover


def _update(stored, row: Row, as_of, partial: bool, updated_at, derive) -> Applied:
    newer = stored.as_of is not None and as_of < stored.as_of
    known = getattr(stored, "updated_at", None)
    if newer or (updated_at and known and updated_at < known):
        return Applied("stale", stored.thinkific_id, row_as_of=stored.as_of)
    before = {name: getattr(stored, name) for name in row}
    for name, value in row.items():
        if not (partial and value in EMPTY):
            setattr(stored, name, value)
    if derive:
        derive(stored)
    changes = tuple(
        (name, before[name], getattr(stored, name))
        for name in row
        if name in before and before[name] != getattr(stored, name)
    )
    stored.as_of = as_of
    save(stored)
    return Applied("updated" if changes else "unchanged", stored.thinkific_id, changes)


def save(row: models.Model) -> bool:
    """Save a changed row, seen now, its words recomputed."""
    row.seen_at = timezone.now()
    _searchable(row).save()
    return True


def remove(kind: Kind, connection_id: int, thinkific_ids: Iterable[int]) -> int:
    """Rows deleted on Thinkific, out of the index."""
    field = kind.model._meta.get_field("thinkific_id")
    held = [thinkific_id for thinkific_id in thinkific_ids if fits(field, thinkific_id)]
    deleted, _ = kind.rows.filter(connection_id=connection_id, thinkific_id__in=held).delete()
    return deleted
