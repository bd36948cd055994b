"""Reads on jobs for the pages: which jobs a user sees, a job's progress and its rows."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from apps.connections.models import Connection
from apps.jobs.kinds import kind_get, kind_list
from apps.jobs.models import ImportUpload, Job, JobRow
from apps.thinkific.pagination import Page

ROWS_PER_PAGE = 50


def job_list(*, user, connection: Connection) -> QuerySet[Job]:
    """The school's jobs of the kinds `user` may run."""
    kinds = [kind.name for kind in kind_list() if user.has_perm(kind.permission)]
    return Job.objects.filter(connection=connection, kind__in=kinds).select_related("created_by")


def upload_get(*, user, connection: Connection, upload_id: int) -> ImportUpload:
    """The user's own upload to this school, waiting for its mapping (else 404)."""
    upload = ImportUpload.objects.filter(
        connection=connection, created_by=user, pk=upload_id
    ).first()
    if upload is None:
        raise Http404("No such upload: it was imported already, or is too old.")
    return upload


def job_get(*, user, connection: Connection, job_id: int) -> Job:
    """The school's job (else 404), if `user` may run its kind (else 403)."""
    job = Job.objects.filter(connection=connection, pk=job_id).first()
    if job is None:
        raise Http404("No such job.")
    try:
        kind = kind_get(job.kind)
    except LookupError:
        raise Http404("This kind of job is no longer known.") from None
    if not user.has_perm(kind.permission):
        raise PermissionDenied
    return job


@dataclass(frozen=True)
class Progress:
    total: int
    done: int
    failed: int
    skipped: int
    seconds_left: int | None

    @property
    def finished(self) -> int:
        return self.done + self.failed + self.skipped

    @property
    def left(self) -> int:
        return self.total - self.finished

    @property
    def percent(self) -> int:
        return round(100 * self.finished / self.total) if self.total else 100


def job_progress(*, job: Job) -> Progress:
    """Rows done, failed, skipped and left, and the time left at the pace so far."""
    counts = job.rows.aggregate(
        **{
            status: Count("pk", filter=Q(status=status))
            for status in (JobRow.Status.DONE, JobRow.Status.FAILED, JobRow.Status.SKIPPED)
        }
    )
    ran = counts["done"] + counts["failed"]
    left = job.row_count - ran - counts["skipped"]
    seconds_left = None
    if job.status == Job.Status.RUNNING and job.started_at and ran and left:
        pace = (timezone.now() - job.started_at).total_seconds() / ran
        seconds_left = round(pace * left)
    return Progress(
        total=job.row_count,
        done=counts["done"],
        failed=counts["failed"],
        skipped=counts["skipped"],
        seconds_left=seconds_left,
    )


def job_rows(*, job: Job, page: int) -> Page[JobRow]:
    """One page of the job's rows."""
    return paginate(job.rows.order_by("position"), page=page, per_page=ROWS_PER_PAGE)


def paginate(queryset: QuerySet, *, page: int, per_page: int) -> Page:
    """A page of stored rows, shaped like Thinkific's pages so the pager component shows
    it (a bad page number falls back to the first or last)."""
    paginator = Paginator(queryset, per_page)
    current = paginator.get_page(page)
    return Page(
        items=list(current.object_list),
        current_page=current.number,
        next_page=current.next_page_number() if current.has_next() else None,
        prev_page=current.previous_page_number() if current.has_previous() else None,
        total_pages=paginator.num_pages if paginator.count else 0,
        total_items=paginator.count,
    )


def job_csv(*, job: Job) -> Iterator[list]:
    """The results as CSV lines (the kind's header first), read in batches."""
    kind = job.declaration
    yield list(kind.csv_header)
    for row in job.rows.order_by("position").iterator(chunk_size=500):
        yield from kind.csv_rows(job, row)
