"""The dry run of a job: a verdict stored for every row, nothing written to Thinkific."""

from __future__ import annotations

from django.db import transaction

from apps.jobs.kinds import Kind, Planned
from apps.jobs.models import Job, JobRow


def job_plan(*, job: Job, kind: Kind, client, keep_alive=lambda: True) -> bool:
    """Store the dry run's verdict for every row; the job then waits for confirmation.

    `keep_alive` runs after each row's verdict (a long dry run renews its lease with it);
    when it answers False the dry run stops and stores nothing (the job is not ours)."""
    planned: list[Planned] = []
    for row in kind.plan(job, client):
        planned.append(row)
        if not keep_alive():
            return False
    with transaction.atomic():
        JobRow.objects.bulk_create(
            JobRow(
                job=job,
                position=position,
                input=row.input,
                verdict=row.verdict[:300],
                runnable=row.runnable,
            )
            for position, row in enumerate(planned, start=1)
        )
        job.row_count = len(planned)
        job.status = Job.Status.PLANNED
        job.save(update_fields=["row_count", "status"])
    return True
