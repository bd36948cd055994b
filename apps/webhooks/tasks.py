"""Background work: the follow-up of stored events, and registering a school's webhooks
when no page is waiting for it.

The task module imports the engines (`followups`, `sync`); the receiver and services
queue its tasks.
"""

from __future__ import annotations

import functools
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from apps.connections.models import Connection
from apps.connections.services import client_for
from apps.webhooks import checks, followups, sync
from apps.webhooks.models import Inbox, WatchCheck
from apps.webhooks.receiver import prepared_cursor
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


# -- follow-ups ---------------------------------------------------------------------------

# A drain task queued this long ago and not started is taken for lost: another is queued.
QUEUED_STALE = timedelta(minutes=10)
# What the schedule (`webhooks_refresh`) takes for left behind.
STUCK_AFTER = timedelta(minutes=2)


@task()
def followups_drain(connection_id: int) -> str:
    """Follow up the school's pending events, in order of their own time."""
    # First: an event stored from now on queues another drain, as this one may miss it.
    Inbox.objects.filter(connection_id=connection_id).update(queued_at=None)
    drained = followups.drain(connection_id=connection_id, seconds=settings.JOBS_SLICE_SECONDS)
    _retry_later(drained)
    if drained.more:
        followups_wake(connection_id)  # the next slice, behind the tasks queued meanwhile
    return drained.message


@task()
def followup_retry(event_id: int) -> str:
    """Follow up one event whose retry (or a staff member's replay) is due."""
    drained = followups.run_due(event_id=event_id)
    _retry_later(drained)
    return drained.message


def _retry_later(drained: followups.Drained) -> None:
    if not followup_retry.get_backend().supports_defer:
        return  # the schedule's sweep finds the retries (tests' immediate backend)
    for event_id, retry_at in drained.failed:
        if retry_at is not None:
            followup_retry.using(run_after=retry_at).enqueue(event_id)


def followups_wake(connection_id: int) -> bool:
    """A new event of the school is stored: make sure a drain task is queued. At most one
    waits per school; True when this call queued it.

    Run after the receiver's answer, for every new event: one plain read when a drain is
    queued already (the usual case in a burst), an UPDATE and the task's row otherwise.
    """
    now = timezone.now()
    waiting = _drain_waiting(connection_id, now)
    if waiting:
        return False  # it has not started: it will see this event
    if waiting is None:
        followups.inbox_of(connection_id)
    free = Q(queued_at__isnull=True) | Q(queued_at__lt=now - QUEUED_STALE)
    if not Inbox.objects.filter(free, connection_id=connection_id).update(queued_at=now):
        return False  # another process queued it meanwhile
    followups_drain.enqueue(connection_id)
    return True


def _drain_waiting(connection_id: int, now) -> bool | None:
    """Whether a drain of the school is queued and not started (None: it has no inbox yet).
    Read as the receiver writes, without the ORM: it costs every delivery, and building
    the query was most of it (0.35 of 0.4 ms on SQLite)."""
    db = connections[DEFAULT_DB_ALIAS]
    with prepared_cursor(db) as cursor:
        cursor.execute(
            _waiting_sql(), [db.ops.adapt_datetimefield_value(now - QUEUED_STALE), connection_id]
        )
        row = cursor.fetchone()
    return None if row is None else bool(row[0])


@functools.cache
def _waiting_sql() -> str:
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    meta = Inbox._meta
    queued = quote(meta.get_field("queued_at").column)
    school = quote(meta.get_field("connection").column)
    # Only the model's own names are formatted in; the values go as parameters.
    return (
        f"SELECT {queued} IS NOT NULL AND {queued} > %s FROM {quote(meta.db_table)} "  # noqa: S608
        f"WHERE {school} = %s"
    )


def followups_sweep() -> str:
    """Queue what a lost task or a killed worker left: overdue retries and replays, and
    schools whose new events wait with no drain to come. Run by `webhooks_refresh`."""
    overdue = followups.overdue_event_ids(late=STUCK_AFTER)
    for event_id in overdue:
        followup_retry.enqueue(event_id)
    woken = [pk for pk in followups.stuck_school_ids(late=STUCK_AFTER) if followups_wake(pk)]
    return f"{len(overdue)} overdue follow-up(s) queued, a drain queued for {len(woken)} school(s)."


# -- the watches' scheduled check --------------------------------------------------------


@task()
def watches_check(check_id: int) -> str:
    """Check one school's webhooks on Thinkific against its watches; repair any drift."""
    check = WatchCheck.objects.select_related("connection").filter(pk=check_id).first()
    if check is None or check.outcome != WatchCheck.Outcome.QUEUED:
        return "Checked already, or gone."
    return checks.check_run(check=check, client=client_for(check.connection)).message


def watches_checks_queue() -> str:
    """Queue the check of every school due one. Run by `webhooks_refresh`."""
    queued = checks.checks_queue()
    for check in queued:
        watches_check.enqueue(check.pk)
    return f"{len(queued)} school(s)' webhooks to check."
