"""Background work: registering a school's webhooks when no page is waiting for it.

The task module imports the sync engine (`sync`); services queue its tasks.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from apps.connections.models import Connection
from apps.connections.services import client_for
from apps.webhooks import sync
from apps.webhooks.sync import SyncResult

RETRIES = 30
RETRY_SECONDS = 2
QUEUED_SYNC_DELAY = 5  # seconds: when a sync already running is asked for again


@task()
def webhooks_sync_later(connection_id: int, attempt: int = 1) -> str:
    """Bring the school's webhooks on Thinkific in line with its watches.

    While Thinkific cannot be reached (for `make run`, the server may still be starting)
    it tries again a little later, a bounded number of times.
    """
    cache.delete(queued_key(connection_id))  # a change from now on queues anew
    connection = Connection.objects.filter(pk=connection_id, is_active=True).first()
    if connection is None:
        return "The school is gone."
    result = sync.webhooks_sync_now(
        connection=connection, client=client_for(connection)
    ) or webhooks_sync_queue(connection)
    can_wait = webhooks_sync_later.get_backend().supports_defer
    if result.error and attempt < RETRIES and can_wait:
        later = timezone.now() + timedelta(seconds=RETRY_SECONDS)
        webhooks_sync_later.using(run_after=later).enqueue(connection_id, attempt + 1)
    return result.message


def webhooks_sync_queue(connection: Connection) -> SyncResult:
    """Queue a sync to run after the one under way (`webhooks_sync_later`)."""
    backend = webhooks_sync_later.get_backend()
    if not backend.supports_defer:  # run now, it would only find the lock taken again
        return SyncResult(error="another change to them is under way; check again in a moment.")
    # One queued sync per school is enough: it reads the watches when it starts.
    if cache.add(queued_key(connection.pk), 1, QUEUED_SYNC_DELAY * 12):
        later = timezone.now() + timedelta(seconds=QUEUED_SYNC_DELAY)
        webhooks_sync_later.using(run_after=later).enqueue(connection.pk)
    return SyncResult(queued=True)


def queued_key(connection_id: int) -> str:
    return f"webhooks:sync-queued:{connection_id}"
