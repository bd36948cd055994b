"""Related ids (`chapter_ids`, `product_ids` ...) and rows for a page of records, one query
per relation.

Django's prefetch_related builds a queryset and model instances per record; for plain id
lists and a few columns that costs more than the query itself. `with_ids()` fetches
(owner id, related id) pairs once per relation, `with_values()` (owner id, columns...)
rows, and both leave them on each record, where `ids()` and `values()` read them.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Model, QuerySet


class RelatedQuerySet(QuerySet):
    # (relation, columns): no columns for a list of ids.
    _attached: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def with_ids(self, *relations: str) -> RelatedQuerySet:
        return self._attach(*((relation, ()) for relation in relations))

    def with_values(self, relation: str, *columns: str) -> RelatedQuerySet:
        return self._attach((relation, columns))

    def _attach(self, *relations: tuple[str, tuple[str, ...]]) -> RelatedQuerySet:
        clone = self._chain()
        clone._attached = (*self._attached, *relations)
        return clone

    def _clone(self) -> RelatedQuerySet:
        clone = super()._clone()
        clone._attached = self._attached
        return clone

    def _fetch_all(self) -> None:
        loaded = self._result_cache is not None
        super()._fetch_all()
        rows = self._result_cache
        if not loaded and self._attached and rows and isinstance(rows[0], Model):
            for relation, columns in self._attached:
                attach(rows, relation, columns)


def attach(rows: list[Model], relation: str, columns: tuple[str, ...] = ()) -> None:
    field = type(rows[0])._meta.get_field(relation)
    # How the related model names its way back: a reverse relation's field, or the
    # forward many-to-many field's related query name.
    back = field.field.name if field.auto_created else field.related_query_name()
    found = defaultdict(list)
    related = field.related_model.objects.filter(**{f"{back}__in": [row.pk for row in rows]})
    for owner, *values in _read(related, back, *(columns or ["pk"])):
        found[owner].append(dict(zip(columns, values, strict=True)) if columns else values[0])
    for row in rows:
        row.__dict__.setdefault("_related", {})[relation, columns] = found[row.pk]


def _read(related: QuerySet, *columns: str) -> QuerySet:
    """`columns` of the related rows, in their model's order."""
    return related.order_by(*(related.model._meta.ordering or ["pk"])).values_list(*columns)


def ids(row: Model, relation: str) -> list[int]:
    """The ids attached by `with_ids`, or (for a record loaded otherwise) a query."""
    attached = row.__dict__.get("_related", {})
    if (relation, ()) in attached:
        return attached[relation, ()]
    return [pk for (pk,) in _read(getattr(row, relation).all(), "pk")]


def values(row: Model, relation: str, *columns: str) -> list[dict]:
    """The related rows' `columns` attached by `with_values`, or (for a record loaded
    otherwise) a query."""
    attached = row.__dict__.get("_related", {})
    if (relation, columns) in attached:
        return attached[relation, columns]
    found = _read(getattr(row, relation).all(), *columns)
    return [dict(zip(columns, values, strict=True)) for values in found]
