"""Purging what is past its retention."""

from django.db.models import QuerySet


def delete_in_batches(rows: QuerySet, *, batch: int) -> int:
    """Delete `rows` `batch` at a time (no lock held, nor statement built, for all of them
    at once); how many rows were deleted, related rows included."""
    total = 0
    while ids := list(rows.values_list("pk", flat=True)[:batch]):
        total += rows.model.objects.filter(pk__in=ids).delete()[0]
    return total
