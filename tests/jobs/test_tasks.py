"""The task: a slice, then the next one queued, on the worker's backend."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from apps.jobs.models import Job
from apps.jobs.tasks import job_run
from tests.jobs.conftest import coupon_job, started

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def backend(settings):
    settings.TASKS = DUMMY
    backend = job_run.get_backend()
    backend.clear()
    return backend


def test_a_slice_that_ran_out_of_time_queues_the_next(school, bulk, backend, settings):
    settings.JOBS_SLICE_SECONDS = 0  # every slice ends before its first row
    job = started(coupon_job(school, quantity=10))
    assert job_run.func(job.pk, "tok") == "Slice over; the next one is queued."
    (following,) = backend.results
    assert following.args == [job.pk, "tok"]


def test_a_held_job_is_looked_at_once_more_when_the_lease_ends(school, backend):
    job = started(coupon_job(school, quantity=10))
    until = timezone.now() + timedelta(seconds=20)
    Job.objects.filter(pk=job.pk).update(lease_token="alive", lease_until=until)

    job_run.func(job.pk, "new")
    (retry,) = backend.results
    assert retry.args == [job.pk, "new", True]
    assert retry.task.run_after == until + timedelta(seconds=1)

    # Renewed meanwhile: its holder is alive, so this task ends there.
    assert job_run.func(job.pk, "new", True) == "Another task is working on this job."
    assert len(backend.results) == 1


def test_starting_a_job_queues_its_task(school, backend, django_capture_on_commit_callbacks):
    job = coupon_job(school, quantity=10)
    with django_capture_on_commit_callbacks(execute=True):
        started(job)
    (task,) = backend.results
    assert task.task.name == "job_run" and task.args[0] == job.pk


def test_jobs_resume_queues_every_unfinished_job(school, backend):
    running, planned = started(coupon_job(school, quantity=5)), coupon_job(school, quantity=5)
    Job.objects.filter(pk=running.pk).update(status="running", lease_token="dead")
    out = io.StringIO()
    call_command("jobs_resume", stdout=out)
    assert out.getvalue().strip() == "Queued 1 unfinished job(s)."
    assert [result.args[0] for result in backend.results] == [running.pk]
    assert planned.status == "planned"
