"""Coupon bulk jobs on the real task worker, against the sandbox over real HTTP."""

import signal
import time
from io import StringIO

import pytest
from django.core.management import call_command

from apps.connections.services import client_for
from apps.jobs import services
from apps.jobs.models import Job
from apps.sandbox import models as sandbox
from tests.jobs.conftest import coupon_job, started
from tests.jobs.worker import Workers, wait_for
from tests.users.sandbox import sandbox_school

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def school(live_server):
    return sandbox_school(live_server, subdomain="bulk-academy", users=3, slug="bulk")


@pytest.fixture
def promotion(school):
    return client_for(school).promotions.list(limit=1).items[0]


@pytest.fixture
def workers():
    pool = Workers(JOBS_LEASE_SECONDS="3", JOBS_SLICE_SECONDS="1")
    yield pool
    pool.stop_all()


def queued_job(school, promotion, quantity: int) -> Job:
    job = started(coupon_job(school, quantity=quantity, length=9, uses=2, promotion=promotion))
    services.enqueue(job)  # what the start's on_commit does, in a transactional test
    return job


def rows_done(job) -> int:
    return job.rows.filter(status="done").count()


def finished(job) -> Job | None:
    job.refresh_from_db()
    return job if job.is_finished else None


def codes_on_thinkific(school, promotion) -> list[str]:
    return [coupon.code for coupon in client_for(school).coupons.all(promotion.id)]


def codes_of(job) -> list[str]:
    return [c["code"] for r in job.rows.order_by("position") for c in r.result.get("coupons", [])]


def test_a_thousand_coupons_on_the_real_worker(school, promotion, workers, capsys):
    before = codes_on_thinkific(school, promotion)
    workers.start()
    started = time.monotonic()
    job = queued_job(school, promotion, 1000)

    job = wait_for(lambda: finished(job), timeout=120)
    elapsed = time.monotonic() - started

    assert job.status == "done"
    assert rows_done(job) == 20
    created = codes_of(job)
    assert len(created) == len(set(created)) == 1000
    assert sorted(codes_on_thinkific(school, promotion)) == sorted(before + created)
    assert {len(code) for code in created} == {9}
    with capsys.disabled():
        print(f"\n1000 coupons in 20 calls: {elapsed:.1f} s on the worker")


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGTERM], ids=["killed", "stopped"])
def test_a_stopped_worker_resumes_without_doing_a_row_twice(school, promotion, workers, stop):
    sandbox.School.objects.filter(subdomain="bulk-academy").update(latency_ms=250)
    before = codes_on_thinkific(school, promotion)
    first = workers.start()
    job = queued_job(school, promotion, 600)  # 12 rows of 50, a quarter second each

    wait_for(lambda: rows_done(job) >= 3)
    workers.stop(first, stop)  # killed, maybe in the middle of a row; or asked to stop
    stopped_at = rows_done(job)
    assert stopped_at < 12, "the job finished before the worker stopped"
    time.sleep(0.5)
    assert rows_done(job) in (stopped_at, stopped_at + 1)  # nothing runs meanwhile

    call_command("jobs_resume", stdout=StringIO())  # as make run does on start
    workers.start()
    job = wait_for(lambda: finished(job), timeout=90)

    assert job.status == "done"
    assert list(job.rows.values_list("status", flat=True)) == ["done"] * 12
    created = codes_of(job)
    assert len(created) == len(set(created)) == 600
    # Each row's coupons were created once: Thinkific has exactly the job's codes more.
    assert sorted(codes_on_thinkific(school, promotion)) == sorted(before + created)
