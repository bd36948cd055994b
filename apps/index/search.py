"""Search and sort on the index, as Django admin's changelist does: `q` and `sort`.

`q` is split into terms, each matched as a substring of the row's words (name, email,
company...); a row matches when every term does. PostgreSQL answers `LIKE '%term%'`
from its trigram index; SQLite from the FTS5 trigram table beside the row's table
(terms under three characters, which trigrams cannot hold, are matched with LIKE).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection as db
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

MAX_TERMS = 8
TRIGRAM = 3


def terms(q: str) -> list[str]:
    """The query's terms, lowercased, at most `MAX_TERMS`."""
    return [term for term in q.lower().split() if term][:MAX_TERMS]


def matching(queryset: QuerySet, q: str) -> QuerySet:
    """The rows of `queryset` whose words hold every term of `q`."""
    words = terms(q)
    if not words:
        return queryset
    if db.vendor == "sqlite":
        long = [term for term in words if len(term) >= TRIGRAM]
        for term in (term for term in words if len(term) < TRIGRAM):
            queryset = queryset.filter(search__contains=term)
        if long:
            fts = f"{queryset.model._meta.db_table}_fts"
            phrase = " AND ".join('"{}"'.format(term.replace('"', '""')) for term in long)
            # The table's name is the model's own; the query goes as a parameter.
            inner = f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s"  # noqa: S608
            queryset = queryset.filter(row_id__in=RawSQL(inner, [phrase]))  # noqa: S611
        return queryset
    for term in words:
        queryset = queryset.filter(search__contains=term)
    return queryset


@dataclass(frozen=True)
class Sort:
    """A list's orders: the URL's `sort` names (`name`, `-created_at`), their fields, and
    their labels in the "Sort by" links that stand for the table's headings on phones."""

    fields: dict[str, str | tuple[str, ...]]  # URL name -> model field(s), first decides
    default: str  # a URL value, such as "-created_at"
    labels: dict[str, str]  # URL name -> label, for each of `fields`

    def choices(self) -> list[str]:
        return [value for name in self.fields for value in (name, f"-{name}")]

    def valid(self, value: str | None) -> str:
        """`value` if it is one of the orders offered, else the default."""
        return value if value in self.choices() else self.default

    def apply(self, queryset: QuerySet, value: str | None) -> QuerySet:
        value = self.valid(value)
        sign = "-" if value.startswith("-") else ""
        fields = self.fields[value.lstrip("-")]
        fields = (fields,) if isinstance(fields, str) else fields
        return queryset.order_by(*(f"{sign}{field}" for field in fields), f"{sign}thinkific_id")
