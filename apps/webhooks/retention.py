"""How long events are kept: older ones are purged (`manage.py purge_events`)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from apps.connections.models import Connection
from apps.webhooks.models import Event


def events_purge(*, older_than_days: int, batch: int = 5000) -> int:
    """Delete events received more than `older_than_days` ago, a batch at a time, school by
    school (the index on received_at starts with the school)."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    total = 0
    for connection_id in Connection.objects.values_list("pk", flat=True).order_by("pk"):
        old = Event.objects.filter(connection_id=connection_id, received_at__lt=cutoff)
        for _ in range(old.count() // batch + 1):
            ids = list(old.values_list("id", flat=True)[:batch])
            if not ids:
                break
            total += Event.objects.filter(id__in=ids).delete()[0]
    return total
