"""Writes on the history itself: only purging what is older than its retention."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from apps.core.retention import delete_in_batches
from apps.history.models import Entry


def history_purge(*, older_than_days: int, batch: int = 5000) -> int:
    """Delete the entries made more than `older_than_days` ago, a batch at a time."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    return delete_in_batches(Entry.objects.filter(at__lt=cutoff), batch=batch)
