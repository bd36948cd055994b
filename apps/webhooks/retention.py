"""How long events are kept: older ones are purged (`manage.py purge_events`)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from apps.webhooks.models import Event


def events_purge(*, older_than_days: int, batch: int = 5000) -> int:
    """Delete events received more than `older_than_days` ago, a batch at a time."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    old = Event.objects.filter(received_at__lt=cutoff)
    total = 0
    for _ in range(old.count() // batch + 1):
        ids = list(old.values_list("id", flat=True)[:batch])
        if not ids:
            break
        total += Event.objects.filter(id__in=ids).delete()[0]
    return total
