"""The index's sync on the real task worker, stopped midway and resumed."""

import signal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from apps.index import sync
from apps.index.models import IndexedEnrollment, IndexedUser, SchoolIndex
from apps.index.services import request_sync
from apps.sandbox import models as sandbox
from tests.jobs.worker import Workers, wait_for
from tests.users.sandbox import sandbox_school

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def workers():
    pool = Workers(JOBS_LEASE_SECONDS="2", INDEX_SLICE_SECONDS="0", THINKIFIC_RATE_LIMIT="100000")
    yield pool
    pool.stop_all()


def test_a_sync_killed_midway_resumes_and_completes(live_server, workers):
    school = sandbox_school(live_server, subdomain="worker-academy", users=300, slug="worker")
    index = sync.index_of(school)
    worker = workers.start()
    assert request_sync(school)  # what index_refresh and the list pages do

    def midway():
        index.refresh_from_db()
        return index.progress.get("users", {}).get("done")

    wait_for(midway, timeout=60, every=0.01)
    workers.stop(worker, signal.SIGKILL)
    index.refresh_from_db()
    assert index.is_syncing and not index.is_ready
    stopped_at = dict(index.progress)

    assert not request_sync(school)  # the dead task's lease still holds
    wait_for(lambda: SchoolIndex.objects.filter(lease_until__lt=timezone.now()).exists())
    call_command("index_refresh", stdout=StringIO())
    workers.start()

    def ready():
        index.refresh_from_db()
        return index.is_ready

    wait_for(ready, timeout=60)
    upstream = sandbox.School.objects.get(subdomain="worker-academy")
    assert IndexedUser.objects.filter(connection=school).count() == 300
    assert IndexedEnrollment.objects.filter(connection=school).count() == (
        sandbox.Enrollment.objects.filter(user__school=upstream).count()
    )
    # Lists finished before the stop were not read again: one call per page of 250, and
    # at most the page in progress when the worker died read twice.
    assert index.progress["courses"] == stopped_at["courses"]
    pages = sum(-(-(cursor["items"] or 1) // 250) for cursor in index.progress.values())
    assert pages <= index.calls <= pages + 1
