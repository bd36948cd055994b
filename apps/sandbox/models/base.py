"""What every school-owned record shares: its school, and an index to page it by id."""

from django.db import models

from apps.sandbox.models.schools import School


def school_field() -> models.ForeignKey:
    # Not indexed alone: every model indexes (school, id), which also serves school lookups.
    return models.ForeignKey(School, on_delete=models.CASCADE, related_name="+", db_index=False)


def school_index(prefix: str, *fields: str) -> models.Index:
    """An index on (school, *fields); (school, id) when no field is given."""
    columns = ["school", *(fields or ("id",))]
    return models.Index(fields=columns, name=f"sbx_{prefix}_{'_'.join(fields) or 'id'}"[:30])


# Thinkific tells `null` from `""` (a user's company is either), so the sandbox stores both.
def optional_char(max_length: int = 255) -> models.CharField:
    return models.CharField(max_length=max_length, null=True, blank=True)


def optional_text() -> models.TextField:
    return models.TextField(null=True, blank=True)
