"""Following up stored events on the task worker: once each, in order, on the record.

The receiver only stores an event (pending by its columns' defaults) and, after its
answer, makes sure one task will drain the school's inbox (`tasks.followups_wake`).
Draining takes the school's pending events in order of their own time and runs each
one's follow-up (`signals.event_followup`: the index, rules later).

Once: a worker *claims* an event with a conditional UPDATE (pending, and unclaimed or
its claim run out) before running it, and the receivers' work and the "done" mark are one
transaction, made only while the claim is still its own. A worker killed midway leaves
nothing done; its claim runs out (`JOBS_LEASE_SECONDS`, as a bulk job's) and the next
drain takes the event over.

On the record: the outcome (done, failed), the attempts, the error and what changed stay
on the event. A failure is retried after a capped exponential backoff, `MAX_ATTEMPTS` in
all; then it waits for staff (the failed follow-ups page, a retry button).
"""

from __future__ import annotations

import logging
import secrets
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Min, Q
from django.utils import timezone

from apps.webhooks.models import Event, Inbox
from apps.webhooks.signals import event_followup

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
FIRST_RETRY = timedelta(seconds=10)  # then 20 s, 40 s, 80 s: doubling up to...
LAST_RETRY = timedelta(hours=1)
BATCH = 200  # events read at once, each batch run in order of the events' own time
# PostgreSQL may commit an insert after a later one: the inbox's "settled before" mark
# stays this far behind, so an event committed late is still found.
SETTLE_LAG = timedelta(seconds=60)
MAX_ERROR = 2000


@dataclass
class Drained:
    done: int = 0
    failed: list[tuple[int, datetime | None]] = field(default_factory=list)  # (event, retry at)
    more: bool = False  # its time was up with events left: another drain goes on

    @property
    def message(self) -> str:
        return f"{self.done} follow-up(s) done, {len(self.failed)} failed."

    def count(self, event: Event, outcome: tuple[str, datetime | None] | None) -> None:
        if outcome is None:
            return  # another worker has it
        state, retry_at = outcome
        if state == Event.Followup.DONE:
            self.done += 1
        else:
            self.failed.append((event.pk, retry_at))


def backoff(attempts: int) -> timedelta | None:
    """How long after its `attempts`-th failed attempt a follow-up is tried again."""
    if attempts >= MAX_ATTEMPTS:
        return None
    return min(LAST_RETRY, FIRST_RETRY * 2 ** max(0, attempts - 1))


def inbox_of(connection_id: int) -> Inbox:
    inbox, _ = Inbox.objects.get_or_create(connection_id=connection_id)
    return inbox


def drain(*, connection_id: int, seconds: float | None = None) -> Drained:
    """Run the follow-up of every pending event of the school not claimed by a live worker,
    in order of when they happened, for `seconds` at most (then `more` says so: the worker
    stays free for other tasks between slices); then move the "settled before" mark on."""
    deadline = None if seconds is None else time.monotonic() + seconds
    inbox = inbox_of(connection_id)
    started = timezone.now()
    pending = Event.objects.filter(connection_id=connection_id, followup=Event.Followup.PENDING)
    if inbox.settled_before is not None:
        pending = pending.filter(received_at__gte=inbox.settled_before)
    drained = Drained()
    after: tuple[datetime, int] | None = None
    while True:
        batch = pending
        if after is not None:
            batch = batch.filter(
                Q(received_at__gt=after[0]) | Q(received_at=after[0], id__gt=after[1])
            )
        events = list(batch.order_by("received_at", "id")[:BATCH])
        if not events:
            break
        after = (events[-1].received_at, events[-1].pk)
        for event in sorted(events, key=_happened):
            drained.count(event, run(event, claim=_pending()))
        if len(events) < BATCH:
            break
        if deadline is not None and time.monotonic() >= deadline:
            drained.more = True
            break
    oldest = pending.aggregate(oldest=Min("received_at"))["oldest"]
    mark = min(started - SETTLE_LAG, oldest or started)
    Inbox.objects.filter(pk=inbox.pk).update(settled_before=mark)
    return drained


def run_due(*, event_id: int) -> Drained:
    """Run one event's follow-up whose retry (or replay) is due."""
    drained = Drained()
    event = Event.objects.filter(pk=event_id).first()
    if event is not None:
        drained.count(event, run(event, claim=_due()))
    return drained


def overdue_event_ids(*, late: timedelta, limit: int = 1000) -> list[int]:
    """Events whose retry or replay was due `late` ago and still waits (its task was lost)."""
    now = timezone.now()
    overdue = Q(followup_due_at__lte=now - late) & _due(now)
    events = Event.objects.filter(overdue).order_by("followup_due_at")
    return list(events.values_list("pk", flat=True)[:limit])


def stuck_school_ids(*, late: timedelta) -> list[int]:
    """Schools with a new event received `late` ago still pending and held by no worker
    (the drain task was lost, or its worker killed): their inbox needs another drain."""
    now = timezone.now()
    stuck = []
    for inbox in Inbox.objects.all():
        pending = Event.objects.filter(
            _pending(now), connection_id=inbox.connection_id, received_at__lt=now - late
        )
        if inbox.settled_before is not None:
            pending = pending.filter(received_at__gte=inbox.settled_before)
        if pending.exists():
            stuck.append(inbox.connection_id)
    return stuck


def _pending(now: datetime | None = None) -> Q:
    return Q(followup=Event.Followup.PENDING, followup_due_at__isnull=True) & _free(now)


def _due(now: datetime | None = None) -> Q:
    now = now or timezone.now()
    return Q(followup_due_at__lte=now) & ~Q(followup=Event.Followup.DONE) & _free(now)


def _free(now: datetime | None = None) -> Q:
    now = now or timezone.now()
    return Q(followup_claimed_until__isnull=True) | Q(followup_claimed_until__lt=now)


def _happened(event: Event) -> tuple:
    return (event.occurred_at or event.received_at, event.received_at, event.pk)


def run(event: Event, *, claim: Q) -> tuple[str, datetime | None] | None:
    """Claim the event if `claim` holds for it, and run its follow-up; None when another
    worker has it (or it was not to be run). Returns the state it ended in, and when its
    retry is due for a failure."""
    token = secrets.token_hex(16)
    now = timezone.now()
    claimed = Event.objects.filter(Q(pk=event.pk) & claim).update(
        followup_token=token,
        followup_claimed_until=now + timedelta(seconds=settings.JOBS_LEASE_SECONDS),
        followup_attempts=F("followup_attempts") + 1,
    )
    if not claimed:
        return None
    mine = Event.objects.filter(pk=event.pk, followup_token=token)
    try:
        with transaction.atomic():
            changes = _followup(event)
            ended = mine.update(
                followup=Event.Followup.DONE,
                followup_changes="\n".join(changes),
                followup_error="",
                followup_at=timezone.now(),
                followup_due_at=None,
                followup_token="",
                followup_claimed_until=None,
            )
            if not ended:  # our claim ran out and another worker took the event over
                raise _ClaimLostError
    except _ClaimLostError:
        return None
    except Exception as exc:  # any receiver's fault: kept on the event, retried later
        logger.exception("follow-up of event %s failed", event.pk)
        attempts = Event.objects.filter(pk=event.pk).values_list("followup_attempts", flat=True)
        wait = backoff(attempts.first() or MAX_ATTEMPTS)
        retry_at = timezone.now() + wait if wait else None
        mine.update(
            followup=Event.Followup.FAILED,
            followup_error=f"{type(exc).__name__}: {exc}"[:MAX_ERROR],
            followup_at=timezone.now(),
            followup_due_at=retry_at,
            followup_token="",
            followup_claimed_until=None,
        )
        return Event.Followup.FAILED, retry_at
    return Event.Followup.DONE, None


class _ClaimLostError(Exception):
    pass


def _followup(event: Event) -> list[str]:
    """Every receiver's changes, in words."""
    lines: list[str] = []
    for _receiver, said in event_followup.send(
        sender=Event,
        connection_id=event.connection_id,
        topic=event.topic,
        payload=event.payload,
        occurred_at=event.occurred_at,
        received_at=event.received_at,
        reconstructed=event.reconstructed,
        event_pk=event.pk,
    ):
        if isinstance(said, str):
            lines.append(said)
        elif said:
            lines.extend(str(line) for line in said)
    return lines


def followup_request(*, event: Event) -> None:
    """Run the event's follow-up again as soon as a worker can (a staff retry or replay):
    a fresh round of attempts."""
    Event.objects.filter(pk=event.pk).update(
        followup=Event.Followup.PENDING,
        followup_due_at=timezone.now(),
        followup_attempts=0,
        followup_error="",
    )
