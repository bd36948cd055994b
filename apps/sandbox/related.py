"""Related ids (`chapter_ids`, `product_ids` ...) for a page of records, one query each.

Django's prefetch_related builds a queryset per record; for plain id lists that costs
more than the query itself. `with_ids()` fetches (owner id, related id) pairs once per
relation and leaves them on each record, where `ids()` reads them.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Model, QuerySet


class IdsQuerySet(QuerySet):
    _id_relations: tuple[str, ...] = ()

    def with_ids(self, *relations: str) -> IdsQuerySet:
        clone = self._chain()
        clone._id_relations = (*self._id_relations, *relations)
        return clone

    def _clone(self) -> IdsQuerySet:
        clone = super()._clone()
        clone._id_relations = self._id_relations
        return clone

    def _fetch_all(self) -> None:
        loaded = self._result_cache is not None
        super()._fetch_all()
        rows = self._result_cache
        if not loaded and self._id_relations and rows and isinstance(rows[0], Model):
            for relation in self._id_relations:
                attach(rows, relation)


def attach(rows: list[Model], relation: str) -> None:
    field = type(rows[0])._meta.get_field(relation)
    # How the related model names its way back: a reverse relation's field, or the
    # forward many-to-many field's related query name.
    back = field.field.name if field.auto_created else field.related_query_name()
    found = defaultdict(list)
    pairs = (
        field.related_model.objects.filter(**{f"{back}__in": [row.pk for row in rows]})
        .order_by(*(field.related_model._meta.ordering or ["pk"]))
        .values_list(back, "pk")
    )
    for owner, pk in pairs:
        found[owner].append(pk)
    for row in rows:
        row.__dict__.setdefault("_related_ids", {})[relation] = found[row.pk]


def ids(row: Model, relation: str) -> list[int]:
    """The ids attached by `with_ids`, or (for a record loaded otherwise) a query."""
    attached = row.__dict__.get("_related_ids", {})
    if relation in attached:
        return attached[relation]
    related = getattr(row, relation)
    return list(
        related.order_by(*(related.model._meta.ordering or ["pk"])).values_list("pk", flat=True)
    )
