"""The worker's side of the index: one task works on a school's index for a slice."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from apps.index import sync


@task()
def index_run(index_id: int, token: str) -> str:
    """Sync for one slice, then queue the next slice if there is more to do."""
    step = sync.index_work(index_id=index_id, token=token)
    if step.continue_in is not None:
        later = timezone.now() + timedelta(seconds=step.continue_in)
        index_run.using(run_after=later).enqueue(index_id, token)
    return step.message
