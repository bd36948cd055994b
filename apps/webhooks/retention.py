"""How long events are kept: older ones are purged (`manage.py purge_events`)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from apps.connections.models import Connection
from apps.core.retention import delete_in_batches
from apps.webhooks.models import Event


def events_purge(*, older_than_days: int, batch: int = 5000) -> int:
    """Delete events received more than `older_than_days` ago, a batch at a time, school by
    school (the index on received_at starts with the school)."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    return sum(
        delete_in_batches(
            Event.objects.filter(connection_id=connection_id, received_at__lt=cutoff), batch=batch
        )
        for connection_id in Connection.objects.values_list("pk", flat=True).order_by("pk")
    )
