"""Asking the worker for a school's index work (`tasks.index_run` does it)."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from apps.connections.models import Connection
from apps.index.models import SchoolIndex
from apps.index.sync import due, index_of
from apps.index.tasks import index_run


def request_sync(
    connection: Connection, *, force: bool = False, index: SchoolIndex | None = None
) -> bool:
    """Queue a task for the school's index when something is due (or `force`) and no task
    holds it; True when one was queued. Cheap enough for a page view."""
    index = index or index_of(connection)
    if not (force or due(index)) or not connection.is_active or not connection.has_credentials:
        return False
    now = timezone.now()
    if index.lease_until is not None and index.lease_until > now:
        return False  # a task holds it (or was queued): no write on every page view
    token = secrets.token_hex(16)
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    # Held from now, so that page views between the queueing and the task queue no other.
    reserved = (
        SchoolIndex.objects.filter(pk=index.pk)
        .filter(free)
        .update(lease_token=token, lease_until=now + timedelta(seconds=settings.JOBS_LEASE_SECONDS))
    )
    if not reserved:
        return False
    if force and index.pass_started_at is None:
        SchoolIndex.objects.filter(pk=index.pk).update(last_full_at=None)
    transaction.on_commit(lambda: index_run.enqueue(index.pk, token))
    return True
