"""Background work: registering a school's webhooks when no page is waiting for it."""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from apps.connections.models import Connection
from apps.connections.services import client_for
from apps.webhooks import services

RETRIES = 30
RETRY_SECONDS = 2


@task()
def webhooks_sync_later(connection_id: int, attempt: int = 1) -> str:
    """Bring the school's webhooks on Thinkific in line with its watches.

    While Thinkific cannot be reached (for `make run`, the server may still be starting)
    it tries again a little later, a bounded number of times.
    """
    cache.delete(services.queued_key(connection_id))  # a change from now on queues anew
    connection = Connection.objects.filter(pk=connection_id, is_active=True).first()
    if connection is None:
        return "The school is gone."
    result = services.webhooks_sync(connection=connection, client=client_for(connection))
    can_wait = webhooks_sync_later.get_backend().supports_defer
    if result.error and attempt < RETRIES and can_wait:
        later = timezone.now() + timedelta(seconds=RETRY_SECONDS)
        webhooks_sync_later.using(run_after=later).enqueue(connection_id, attempt + 1)
    return result.message
