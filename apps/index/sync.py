"""Keeping a school's index: full passes, incremental re-reads, on the task worker.

A *full pass* reads every list of the school 250 a page (courses, products, categories,
groups, instructors, users, orders, enrollments), storing each page as it comes and the
cursor after it, so a restarted worker goes on from the page it stopped at. When a list
is read to its end, the rows of it not seen since the pass began were deleted on
Thinkific and leave the index. Enrollments are re-read in between with
`query[updated_after]`; users and orders, which Thinkific cannot filter by change, get a
full pass every `INDEX_FULL_EVERY_MINUTES` (events keep them fresh in between).

Requests spend `INDEX_BUDGET_SHARE` of the school's budget (a governor of its own, in
front of the school's), so the pages stay usable. One task at a time holds a school's
index (a lease of `JOBS_LEASE_SECONDS`, renewed before every page, as the bulk jobs do).
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from apps.connections.models import Connection
from apps.connections.services import client_for
from apps.index import changes, events, records, storing
from apps.index.models import SchoolIndex
from apps.index.records import KINDS, Kind, Row
from apps.index.signals import records_changed
from apps.jobs.budget import JobGovernor
from apps.thinkific import ThinkificClient, errors
from apps.thinkific.pagination import MAX_LIMIT

logger = logging.getLogger(__name__)

# Enrollments changed this long before the last re-read are read again: clocks differ.
OVERLAP = timedelta(minutes=1)


@dataclass(frozen=True)
class Step:
    """What the task does next: `continue_in` seconds until its next slice, or none."""

    message: str
    continue_in: float | None = None


def index_of(connection: Connection) -> SchoolIndex:
    index, created = SchoolIndex.objects.get_or_create(connection=connection)
    if created:
        events.forget(connection.pk)
    return index


def share_per_minute() -> int:
    """Requests a minute the index may spend of a school's budget."""
    return max(1, math.floor(settings.THINKIFIC_RATE_LIMIT * settings.INDEX_BUDGET_SHARE))


def index_client(connection: Connection) -> ThinkificClient:
    """The school's client, spending only the index's share of its budget."""
    client = client_for(connection)
    governor = JobGovernor(client.governor, share=settings.INDEX_BUDGET_SHARE)
    governor.share.key = f"{client.governor.key}:index"
    client.governor = governor
    return client


# -- what is due ---------------------------------------------------------------------------


def due(index: SchoolIndex, now: datetime | None = None) -> str:
    """ "full" (a pass to start or go on with), "enrollments" (a re-read) or ""."""
    now = now or timezone.now()
    if index.pass_started_at is not None:
        return "full"
    every = timedelta(minutes=settings.INDEX_FULL_EVERY_MINUTES)
    if index.last_full_at is None or index.last_full_at + every <= now:
        return "full"
    through = index.enrollments_through
    if (
        through is None
        or through + timedelta(minutes=settings.INDEX_ENROLLMENTS_EVERY_MINUTES) <= now
    ):
        return "enrollments"
    return ""


# -- the worker's side ---------------------------------------------------------------------


def index_work(*, index_id: int, token: str) -> Step:
    """One slice of work on a school's index for the task holding `token`."""
    index = _claim(index_id, token)
    if index is None:
        return Step("Another task holds this index, or it is gone.")
    try:
        client = index_client(index.connection)
        deadline = time.monotonic() + settings.INDEX_SLICE_SECONDS
        while True:  # a page at least, then as many as the slice has time for
            if not _renew(index, token):
                return Step("Another task took this index over.")
            work = due(index)
            if work == "full":
                _full_pass_page(index, client)
            elif work == "enrollments":  # once per task, however often it is due
                _reread_enrollments(index, client)
                _release(index, token, error="")
                return Step("Changed enrollments re-read.")
            else:
                _release(index, token, error="")
                return Step("The index is up to date.")
            if time.monotonic() >= deadline:
                return Step("Slice over; the next one is queued.", continue_in=0)
    except errors.RateLimitedError as exc:
        return _wait(index, token, exc.retry_after)
    except errors.NetworkError as exc:
        if exc.never_connected:
            return _wait(index, token, settings.JOBS_UNREACHABLE_WAIT)
        return _stop(index, token, f"Stopped: {exc.message}")
    except errors.ThinkificError as exc:
        return _stop(index, token, f"Stopped: {exc.message}")


def _full_pass_page(index: SchoolIndex, client: ThinkificClient) -> None:
    """Start a pass, or read the next page of the list the pass is on."""
    now = timezone.now()
    if index.pass_started_at is None:
        previous = index.progress or {}
        index.pass_started_at, index.calls = now, 0
        index.progress = {
            kind.name: {"page": 1, "done": 0, "items": previous.get(kind.name, {}).get("items")}
            for kind in KINDS
        }
        index.save(update_fields=["pass_started_at", "calls", "progress"])
    kind, cursor = _current(index)
    if kind is None:
        _end_pass(index, now)
        return
    page = client.page(kind.path, kind.record.from_api, page=cursor["page"], limit=MAX_LIMIT)
    # The page is true as of its request (`now`): an event since then is newer.
    rows = [kind.row(item) for item in page.items]
    stored = _store(index, kind, rows, read_at=now)
    cursor.update(done=cursor["done"] + stored, items=page.total_items, pages=page.total_pages)
    following = page.next_page
    if not page.items or not following or following <= cursor["page"]:
        cursor["finished"] = True
        # What this pass did not see is gone from Thinkific (events since then are newer).
        kind.rows.filter(
            connection_id=index.connection_id, seen_at__lt=index.pass_started_at
        ).delete()
        index.read_at[kind.name] = now.isoformat()
    else:
        cursor["page"] = following
    index.calls += 1
    index.save(update_fields=["progress", "calls", "read_at"])


def _current(index: SchoolIndex):
    for kind in KINDS:
        cursor = index.progress.get(kind.name)
        if cursor is None:
            cursor = index.progress[kind.name] = {"page": 1, "done": 0}
        if not cursor.get("finished"):
            return kind, cursor
    return None, None


def _end_pass(index: SchoolIndex, now: datetime) -> None:
    index.enrollments_through = index.pass_started_at
    index.last_full_at = now
    index.ready_at = index.ready_at or now
    index.pass_started_at = None
    index.error = ""
    index.save(
        update_fields=[
            "enrollments_through",
            "last_full_at",
            "ready_at",
            "pass_started_at",
            "error",
        ]
    )
    logger.info("index of connection %s: full pass in %s calls", index.connection_id, index.calls)


def _reread_enrollments(index: SchoolIndex, client: ThinkificClient) -> None:
    """Every enrollment changed since the last re-read (a few pages at most, usually one)."""
    started = timezone.now()
    since = index.enrollments_through - OVERLAP
    kind = records.BY_NAME["enrollments"]
    params = {"query[updated_after]": since.strftime("%Y-%m-%dT%H:%M:%SZ")}
    rows = [
        kind.row(item) for item in client.iterate(kind.path, kind.record.from_api, params=params)
    ]
    _store(index, kind, rows, read_at=started)
    index.enrollments_through = started
    index.read_at["enrollments"] = started.isoformat()
    index.save(update_fields=["enrollments_through", "read_at"])


def _store(index: SchoolIndex, kind: Kind, rows: list[Row], *, read_at: datetime) -> int:
    """Store rows read at `read_at`, telling `records_changed` what changed without the
    index being told (once it has been read whole: a first pass finds everything new)."""
    last_read = index.read_at.get(kind.name) if index.is_ready else None
    found = changes.found(
        kind,
        index.connection_id,
        rows,
        read_at=read_at,
        last_read=datetime.fromisoformat(last_read) if last_read else None,
    )
    stored = storing.store(kind.model, index.connection_id, rows, as_of=read_at, seen_at=read_at)
    if found:
        records_changed.send(
            sender=SchoolIndex, connection_id=index.connection_id, read_at=read_at, changes=found
        )
    return stored


# -- the lease -----------------------------------------------------------------------------


def _lease_until(extra: float = 0) -> datetime:
    return timezone.now() + timedelta(seconds=settings.JOBS_LEASE_SECONDS + extra)


def _claim(index_id: int, token: str) -> SchoolIndex | None:
    free = Q(lease_token=token) | Q(lease_until__isnull=True) | Q(lease_until__lt=timezone.now())
    claimed = (
        SchoolIndex.objects.filter(pk=index_id)
        .filter(free)
        .update(lease_token=token, lease_until=_lease_until())
    )
    if not claimed:
        return None
    return SchoolIndex.objects.select_related("connection").get(pk=index_id)


def _renew(index: SchoolIndex, token: str, extra: float = 0) -> bool:
    return bool(
        SchoolIndex.objects.filter(pk=index.pk, lease_token=token).update(
            lease_until=_lease_until(extra)
        )
    )


def _release(index: SchoolIndex, token: str, *, error: str) -> None:
    SchoolIndex.objects.filter(pk=index.pk, lease_token=token).update(
        lease_token="", lease_until=None, error=error
    )


def _wait(index: SchoolIndex, token: str, seconds: float) -> Step:
    seconds = max(1.0, float(seconds))
    if not _renew(index, token, extra=seconds):
        return Step("Another task took this index over.")
    return Step(f"Waiting {seconds:.0f} s for the school's budget.", continue_in=seconds)


def _stop(index: SchoolIndex, token: str, error: str) -> Step:
    logger.warning("index of connection %s: %s", index.connection_id, error)
    _release(index, token, error=error[:1000])
    return Step(error)
