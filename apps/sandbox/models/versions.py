"""A version number per table, bumped in the same transaction as every write to it."""

from django.db import models


class TableVersion(models.Model):
    """Lets list totals be cached safely: a cached count names the versions it saw."""

    table = models.CharField(primary_key=True, max_length=100)
    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.table} v{self.version}"
