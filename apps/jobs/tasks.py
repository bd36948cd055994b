"""The task worker's side of jobs: one task runs a slice of rows, then queues the next."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from apps.jobs import runner


@task()
def job_run(job_id: int, token: str, waited_for_lease: bool = False) -> str:
    """Work on the job for one slice, and queue what comes next.

    Slices keep the worker free for other tasks between them, and a graceful stop of the
    worker waits only for the slice in progress (the next one is queued by then). A task
    that finds another one's lease waits for it to run out once: if it was renewed
    meanwhile, its holder is alive and this task ends.
    """
    step = runner.job_work(job_id=job_id, token=token)
    if step.lease_held_until is not None:
        if waited_for_lease:
            return "Another task is working on this job."
        later = step.lease_held_until + timedelta(seconds=1)
        job_run.using(run_after=later).enqueue(job_id, token, True)
    elif step.continue_in is not None:
        later = timezone.now() + timedelta(seconds=step.continue_in)
        job_run.using(run_after=later).enqueue(job_id, token)
    return step.message
