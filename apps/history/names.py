"""What the history calls the records its values point to (a user id, a course id, a
deleted promotion): their names from the history's own earlier entries and the school
index when either holds them, else their kind and id ("User #1039")."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from apps.core.converters import MAX_ID
from apps.core.resources import BY_NAME
from apps.history.models import Entry
from apps.index import records
from apps.index.models import IndexedInstructor, IndexedName, IndexedUser

# The index's rows of names, by the portal resource (or Thinkific kind) they name.
NAME_KINDS = {
    "courses": IndexedName.Kind.COURSE,
    "products": IndexedName.Kind.PRODUCT,
    "categories": IndexedName.Kind.CATEGORY,
    "groups": IndexedName.Kind.GROUP,
}


def is_id(value: Any) -> bool:
    """A Thinkific id: digits (ASCII ones: int() reads others too) the database can hold."""
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    return type(value) is int and 0 < value <= MAX_ID


def fallback(kind: str, record_id: object) -> str:
    """ "User #1039": a record no one holds a name of, as the pages write one."""
    portal_resource = BY_NAME.get(kind)
    singular = portal_resource.singular if portal_resource else kind.removesuffix("s")
    return f"{singular.capitalize()} #{record_id}"


def last_titles(*, connection_id: int, kind: str, ids: Iterable[str]) -> dict[str, str]:
    """The name each record had in its latest entry that named it."""
    rows = (
        Entry.objects.filter(connection_id=connection_id, resource=kind, record_id__in=set(ids))
        .exclude(record_name="")
        .order_by("record_id", "-at", "-pk")
        .values_list("record_id", "record_name")
    )
    titles: dict[str, str] = {}
    for record_id, name in rows:
        titles.setdefault(record_id, name)
    return titles


def indexed_names(*, connection_id: int, kind: str, ids: Iterable[int]) -> dict[int, str]:
    """The names the school index holds of these records of `kind` (those it has)."""
    wanted = {"connection_id": connection_id, "thinkific_id__in": records.held(set(ids))}
    if kind == "users":
        rows = IndexedUser.objects.filter(**wanted).values_list(
            "thinkific_id", "full_name", "email"
        )
        return {pk: name or email for pk, name, email in rows if name or email}
    if kind == "instructors":
        rows = IndexedInstructor.objects.filter(**wanted).values_list(
            "thinkific_id", "first_name", "last_name"
        )
        return {pk: f"{first} {last}".strip() for pk, first, last in rows if first or last}
    if kind in NAME_KINDS:
        rows = IndexedName.objects.filter(**wanted, kind=NAME_KINDS[kind])
        return {pk: name for pk, name in rows.values_list("thinkific_id", "name") if name}
    return {}


class Names:
    """The names of the records a page of entries points to, read in one query per kind
    and source: ask for them all (`want`), then name each (`__call__`)."""

    def __init__(self, connection_id: int):
        self.connection_id = connection_id
        self._wanted: dict[str, set[int]] = defaultdict(set)
        self._known: dict[tuple[str, int], str] | None = None

    def want(self, kind: str, record_id: int) -> None:
        self._wanted[kind].add(record_id)

    def __call__(self, kind: str, record_id: int) -> str:
        if self._known is None:
            self._known = self._read()
        return self._known.get((kind, record_id)) or fallback(kind, record_id)

    def _read(self) -> dict[tuple[str, int], str]:
        known: dict[tuple[str, int], str] = {}
        for kind, ids in self._wanted.items():
            titles = last_titles(connection_id=self.connection_id, kind=kind, ids=map(str, ids))
            known.update({(kind, int(pk)): name for pk, name in titles.items()})
            # The index is fresher: a name changed in Thinkific's admin shows here too.
            found = indexed_names(connection_id=self.connection_id, kind=kind, ids=ids)
            known.update({(kind, pk): name for pk, name in found.items()})
        return known
