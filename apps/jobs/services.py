"""Writes on jobs from the pages: create (with its dry run, `planning`), start, cancel;
start and create queue the worker's task (`tasks`), which never imports this module."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from apps.connections.models import Connection
from apps.history.recorder import record_job
from apps.jobs.kinds import kind_get
from apps.jobs.models import ImportUpload, Job, JobRow
from apps.jobs.planning import job_plan
from apps.jobs.tasks import job_run


def job_create(*, connection: Connection, user, kind: str, title: str, params: dict) -> Job:
    """A new job of the named kind, in its dry run: planned here when the kind plans
    cheaply, else by the worker. Nothing is written to Thinkific until `job_start`."""
    declaration = kind_get(kind)
    with transaction.atomic():
        job = Job.objects.create(
            connection=connection, created_by=user, kind=kind, title=title[:200], params=params
        )
        if declaration.plan_inline:
            job_plan(job=job, kind=declaration, client=None)
        else:
            transaction.on_commit(lambda: enqueue(job))
    return job


# An upload not mapped within a day is forgotten.
UPLOAD_KEEP = timedelta(days=1)


def upload_store(*, connection: Connection, user, name: str, header: list, rows: list):
    """Keep a read CSV for its mapping (and forget the uploads left unmapped)."""
    ImportUpload.objects.filter(created_at__lt=timezone.now() - UPLOAD_KEEP).delete()
    return ImportUpload.objects.create(
        connection=connection, created_by=user, name=name, header=header, rows=rows
    )


def upload_import(*, upload: ImportUpload, kind: str, title: str, params: dict) -> Job:
    """The mapped upload becomes a job in its dry run, and is no longer kept."""
    with transaction.atomic():
        job = job_create(
            connection=upload.connection,
            user=upload.created_by,
            kind=kind,
            title=title,
            params=params,
        )
        upload.delete()
    return job


def job_start(*, job: Job) -> bool:
    """The staff member confirmed the dry run: queue the job. False if it was not waiting."""
    with transaction.atomic():
        started = Job.objects.filter(pk=job.pk, status=Job.Status.PLANNED).update(
            status=Job.Status.QUEUED
        )
        if started:
            job.rows.filter(runnable=False).update(
                status=JobRow.Status.SKIPPED, message="Skipped, as the dry run said."
            )
            record_job(job=job)
            transaction.on_commit(lambda: enqueue(job))
    return bool(started)


def job_cancel(*, job: Job) -> bool:
    """Stop the job between rows: the row in progress finishes, the others never run."""
    with transaction.atomic():
        cancelled = Job.objects.filter(pk=job.pk, status__in=[Job.Status.PLANNED, *Job.ACTIVE])
        if not cancelled.update(status=Job.Status.CANCELLED, finished_at=timezone.now()):
            return False
        job.rows.filter(status=JobRow.Status.PENDING).update(
            status=JobRow.Status.SKIPPED, message="Cancelled before it ran."
        )
    return True


def enqueue(job: Job) -> None:
    """Queue a task to work on the job; it takes over only once no other task holds it."""
    job_run.enqueue(job.pk, secrets.token_hex(8))
