"""The worker's side of a job: its rows run one at a time, under a lease, within the
jobs' share of the school's budget.

Doing no row twice: a row is marked in progress (committed) before its write and done
(committed) after it. A row found still in progress when a task takes the job over is
one whose write may or may not have happened (the previous worker died during it): it
is never run again; its kind's `recover` looks for it on Thinkific, and without a
finding it is marked failed, saying so.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from apps.connections.services import client_for
from apps.core.upstream import error_wording
from apps.history.recorder import for_job
from apps.jobs.budget import JobGovernor
from apps.jobs.kinds import Kind, Outcome, kind_get
from apps.jobs.models import Job, JobRow
from apps.jobs.planning import job_plan
from apps.thinkific import ThinkificClient, errors

logger = logging.getLogger(__name__)

INTERRUPTED = (
    "Interrupted: the worker stopped during this row and Thinkific shows no trace of it. "
    "It was not run again; check on Thinkific."
)
UNEXPECTED = "Stopped by an unexpected error (the worker's log has the details)."


@dataclass(frozen=True)
class Step:
    """What a task should do after its slice."""

    message: str
    continue_in: float | None = None  # seconds until the next slice; None: no next slice
    lease_held_until: datetime | None = None  # another task holds the job until then


def job_client(job: Job) -> ThinkificClient:
    """The school's client, spending only the jobs' share of its budget."""
    client = client_for(job.connection)
    client.governor = JobGovernor(client.governor)
    for_job(client, job)  # the job's one history entry was made when it was confirmed
    return client


def job_work(*, job_id: int, token: str) -> Step:
    """One slice of work on the job for the task holding `token`."""
    job, step = _claim(job_id, token)
    if step:
        return step
    try:
        kind = kind_get(job.kind)
        client = job_client(job)
        if job.status == Job.Status.PLANNING:
            if not job_plan(
                job=job, kind=kind, client=client, keep_alive=lambda: _renew(job, token)
            ):
                return Step("The job was cancelled or taken over during its dry run.")
            _release(job, token)
            return Step("Dry run stored.")
        _recover_interrupted(job, kind, client)
        return _run_rows(job, kind, client, token)
    except errors.RateLimitedError as exc:
        return _wait(job, token, exc.retry_after)
    except errors.NetworkError as exc:
        if exc.never_connected:  # nothing was sent: Thinkific is down, try again later
            return _wait(job, token, settings.JOBS_UNREACHABLE_WAIT)
        return _fail(job, token, f"Stopped: {exc.message}")
    except errors.ThinkificError as exc:
        _, title, detail = error_wording(exc)
        return _fail(job, token, f"Stopped: {title}. {detail}")
    except LookupError as exc:
        return _fail(job, token, f"Stopped: {exc}")
    except Exception:
        logger.exception("job %s stopped by an unexpected error", job_id)
        job.rows.filter(status=JobRow.Status.RUNNING).update(
            status=JobRow.Status.FAILED, message=UNEXPECTED, finished_at=timezone.now()
        )
        _fail(job, token, UNEXPECTED)
        raise


def _run_rows(job: Job, kind: Kind, client: ThinkificClient, token: str) -> Step:
    deadline = time.monotonic() + settings.JOBS_SLICE_SECONDS
    while time.monotonic() < deadline:
        if not _renew(job, token):
            return Step("The job was cancelled, or another task took it over.")
        row = _next_row(job)
        if row is None:
            return _finish(job, token)
        try:
            outcome = kind.run_row(job, row, client)
        except errors.RateLimitedError:
            _put_back(row)  # a 429, or held back before sending: nothing was written
            raise
        except (errors.AuthenticationError, errors.PermissionDeniedError):
            _put_back(row)  # every row would fail alike: the job stops instead
            raise
        except errors.NetworkError as exc:
            if exc.never_connected:
                _put_back(row)
                raise
            _record_uncertain(job, kind, row, client)
        except errors.ThinkificError as exc:
            _, title, detail = error_wording(exc, method="POST")
            _record(row, JobRow.Status.FAILED, f"{title}: {detail}")
        else:
            _record_outcome(row, outcome)
    return Step("Slice over; the next one is queued.", continue_in=0)


# -- the lease -------------------------------------------------------------------------------


def _lease_until(extra: float = 0) -> datetime:
    return timezone.now() + timedelta(seconds=settings.JOBS_LEASE_SECONDS + extra)


def _claim(job_id: int, token: str) -> tuple[Job | None, Step | None]:
    now = timezone.now()
    free = Q(lease_token=token) | Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    claimed = (
        Job.objects.filter(pk=job_id, status__in=Job.ACTIVE)
        .filter(free)
        .update(lease_token=token, lease_until=_lease_until())
    )
    job = Job.objects.select_related("connection").filter(pk=job_id).first()
    if job is None or not job.is_active:
        return None, Step(f"Nothing to do: the job is {job.status if job else 'gone'}.")
    if not claimed:
        return None, Step("Another task holds the job.", lease_held_until=job.lease_until)
    if job.status == Job.Status.QUEUED:
        Job.objects.filter(pk=job.pk, status=Job.Status.QUEUED).update(
            status=Job.Status.RUNNING, started_at=now
        )
        job.status, job.started_at = Job.Status.RUNNING, now
    return job, None


def _renew(job: Job, token: str, extra: float = 0) -> bool:
    """Extends the lease; False once the job is cancelled or no longer this task's."""
    return bool(
        Job.objects.filter(pk=job.pk, lease_token=token, status__in=Job.ACTIVE).update(
            lease_until=_lease_until(extra)
        )
    )


def _release(job: Job, token: str) -> None:
    Job.objects.filter(pk=job.pk, lease_token=token).update(lease_token="", lease_until=None)


def _wait(job: Job, token: str, seconds: float) -> Step:
    seconds = max(1.0, float(seconds))
    if not _renew(job, token, extra=seconds):
        return Step("The job was cancelled, or another task took it over.")
    return Step(f"Waiting {seconds:.0f} s for the school's budget.", continue_in=seconds)


def _finish(job: Job, token: str) -> Step:
    Job.objects.filter(pk=job.pk, lease_token=token, status=Job.Status.RUNNING).update(
        status=Job.Status.DONE, finished_at=timezone.now(), lease_token="", lease_until=None
    )
    return Step("Every row is done.")


def _fail(job: Job, token: str, error: str) -> Step:
    Job.objects.filter(pk=job.pk, lease_token=token, status__in=Job.ACTIVE).update(
        status=Job.Status.FAILED,
        error=error,
        finished_at=timezone.now(),
        lease_token="",
        lease_until=None,
    )
    return Step(error)


# -- rows ------------------------------------------------------------------------------------


def _next_row(job: Job) -> JobRow | None:
    """The first pending row, marked in progress (committed before its write happens)."""
    while True:
        row = job.rows.filter(status=JobRow.Status.PENDING).order_by("position").first()
        if row is None:
            return None
        now = timezone.now()
        pending = JobRow.objects.filter(pk=row.pk, status=JobRow.Status.PENDING)
        if pending.update(status=JobRow.Status.RUNNING, started_at=now):
            row.status, row.started_at = JobRow.Status.RUNNING, now
            return row


def _put_back(row: JobRow) -> None:
    JobRow.objects.filter(pk=row.pk, status=JobRow.Status.RUNNING).update(
        status=JobRow.Status.PENDING, started_at=None
    )


def _record(row: JobRow, status: str, message: str, result: dict | None = None) -> None:
    JobRow.objects.filter(pk=row.pk, status=JobRow.Status.RUNNING).update(
        status=status, message=message[:500], result=result or {}, finished_at=timezone.now()
    )


def _record_outcome(row: JobRow, outcome: Outcome) -> None:
    status = JobRow.Status.SKIPPED if outcome.skipped else JobRow.Status.DONE
    _record(row, status, outcome.message, outcome.result)


def _record_uncertain(job: Job, kind: Kind, row: JobRow, client: ThinkificClient) -> None:
    try:
        found = kind.recover(job, row, client)
    except errors.ThinkificError:
        found = None
    if found is None:
        _record(row, JobRow.Status.FAILED, INTERRUPTED)
    else:
        _record_outcome(row, found)


def _recover_interrupted(job: Job, kind: Kind, client: ThinkificClient) -> None:
    # This task holds the lease: a row still in progress was left by a task that died.
    for row in job.rows.filter(status=JobRow.Status.RUNNING):
        logger.warning("job %s row %s was interrupted; looking for it", job.pk, row.position)
        _record_uncertain(job, kind, row, client)
