"""The runner: rows one at a time, each once, within the lease and the budget."""

from datetime import timedelta

import pytest
import responses
from django.utils import timezone

from apps.jobs import runner
from apps.jobs.models import Job, JobRow
from apps.jobs.services import job_cancel
from tests.jobs.conftest import API, BULK, TOKEN, coupon_job, started, work


def statuses(job):
    return list(job.rows.order_by("position").values_list("status", flat=True))


def test_the_rows_run_in_order_and_the_job_is_done(school, bulk):
    job = started(coupon_job(school, quantity=120, length=9, uses=3))
    bulk.expect(3)

    step = work(job)

    job.refresh_from_db()
    assert step.continue_in is None and step.message == "Every row is done."
    assert (job.status, job.lease_token) == ("done", "")
    assert job.started_at <= job.finished_at
    assert bulk.bodies == [
        {"bulk_quantity": n, "bulk_coupon_code_length": 9, "bulk_quantity_per_coupon": 3}
        for n in (50, 50, 20)
    ]
    assert statuses(job) == ["done"] * 3
    first = job.rows.get(position=1)
    assert first.message == "Created 50 coupons."
    assert len(first.result["coupons"]) == 50
    assert first.result["coupons"][0] == {"id": 1000, "code": "C1000XXXX", "quantity": 3}


def test_unlimited_uses_are_not_sent(school, bulk):
    job = started(coupon_job(school, quantity=5, uses=None))
    bulk.expect()
    work(job)
    assert bulk.bodies == [{"bulk_quantity": 5, "bulk_coupon_code_length": 8}]


def test_a_refused_row_fails_and_the_others_go_on(school, api, bulk):
    job = started(coupon_job(school, quantity=150))
    bulk.expect()
    api.post(BULK, status=422, json={"errors": {"bulk_quantity": ["is too large"]}})
    bulk.expect()

    work(job)

    job.refresh_from_db()
    assert job.status == "done"
    assert statuses(job) == ["done", "failed", "done"]
    assert "bulk_quantity: is too large" in job.rows.get(position=2).message


def test_a_429_puts_the_row_back_and_the_task_waits(school, api, bulk):
    job = started(coupon_job(school, quantity=60))
    bulk.expect()
    api.post(BULK, status=429, json={}, headers={"RateLimit-Reset": "30"})

    step = runner.job_work(job_id=job.pk, token=TOKEN)

    assert 25 <= step.continue_in <= 31
    assert statuses(job) == ["done", "pending"]
    job.refresh_from_db()
    assert job.lease_token == TOKEN and job.lease_until > timezone.now() + timedelta(seconds=60)


def test_rejected_credentials_stop_the_job_leaving_the_row_pending(school, api):
    job = started(coupon_job(school, quantity=60))
    api.post(BULK, status=401, json={"error": "Unauthorized"})

    step = work(job)

    job.refresh_from_db()
    assert step.continue_in is None
    assert job.status == "failed"
    assert job.error.startswith("Stopped: Thinkific rejected the school's credentials.")
    assert statuses(job) == ["pending", "pending"]


def test_cancel_stops_between_rows(school, api, bulk):
    job = started(coupon_job(school, quantity=150))

    def cancel_during_the_first_row(request):
        job_cancel(job=job)
        return bulk.answer(request)

    api.add_callback(responses.POST, BULK, callback=cancel_during_the_first_row)

    step = work(job)

    job.refresh_from_db()
    assert step.message == "The job was cancelled, or another task took it over."
    assert job.status == "cancelled"
    assert statuses(job) == ["done", "skipped", "skipped"]
    assert len(bulk.bodies) == 1


def test_another_token_waits_for_the_lease_then_takes_over(school, bulk):
    job = started(coupon_job(school, quantity=60))
    live = timezone.now() + timedelta(seconds=30)
    Job.objects.filter(pk=job.pk).update(status="running", lease_token=TOKEN, lease_until=live)

    held = runner.job_work(job_id=job.pk, token="other")

    assert (held.lease_held_until, held.continue_in) == (live, None)
    assert statuses(job) == ["pending", "pending"]
    Job.objects.filter(pk=job.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    bulk.expect(2)
    assert work(job, token="other").message == "Every row is done."
    assert runner.job_work(job_id=job.pk, token=TOKEN).message == "Nothing to do: the job is done."


def test_an_interrupted_row_found_on_thinkific_is_done_not_repeated(school, api, bulk):
    job = started(coupon_job(school, quantity=53, length=8))
    bulk.expect()
    work(job, slices=1)  # both rows done; now pretend the worker died during row 2
    second = job.rows.get(position=2)
    made = second.result["coupons"]
    JobRow.objects.filter(pk=second.pk).update(status="running", result={}, message="")
    Job.objects.filter(pk=job.pk).update(status="running", lease_token="dead", lease_until=None)
    listed = [
        {**bulk.coupon({"bulk_coupon_code_length": 8}), "id": c["id"], "code": c["code"]}
        for c in made
    ]
    api.get(f"{API}/coupons", json={"items": listed, "meta": {"pagination": {"total_pages": 1}}})

    step = work(job)

    second.refresh_from_db()
    assert step.message == "Every row is done."
    assert second.status == "done"
    assert second.message == "Created 3 coupons. (found after an interruption)"
    assert [c["code"] for c in second.result["coupons"]] == [c["code"] for c in made]
    assert len(bulk.bodies) == 2  # row 2's bulk create was made once, before the "crash"


def test_an_interrupted_row_not_found_is_failed_not_repeated(school, api):
    job = started(coupon_job(school, quantity=10))
    JobRow.objects.filter(job=job).update(status="running", started_at=timezone.now())
    Job.objects.filter(pk=job.pk).update(status="running")
    api.get(f"{API}/coupons", json={"items": [], "meta": {"pagination": {"total_pages": 1}}})

    work(job)

    row = job.rows.get()
    assert row.status == "failed"
    assert row.message.startswith("Interrupted: the worker stopped during this row")


@pytest.mark.parametrize("status", ["planned", "done", "cancelled", "failed"])
def test_a_job_not_queued_or_running_is_left_alone(school, status):
    job = coupon_job(school, quantity=10)
    Job.objects.filter(pk=job.pk).update(status=status)
    step = runner.job_work(job_id=job.pk, token=TOKEN)
    assert step.message == f"Nothing to do: the job is {status}."
    assert statuses(job) == ["pending"]


def test_a_long_dry_run_renews_its_lease_and_stops_once_the_job_is_not_its_own(school):
    from apps.jobs.kinds import kind_get
    from apps.jobs.planning import job_plan

    job = coupon_job(school, quantity=120)
    job.rows.all().delete()
    soon = timezone.now() + timedelta(seconds=1)
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.PLANNING, lease_token=TOKEN, lease_until=soon
    )
    job.refresh_from_db()
    kind = kind_get(job.kind)
    calls = []

    taken = job_plan(
        job=job, kind=kind, client=None, keep_alive=lambda: len(calls.append(1) or calls) < 2
    )
    assert not taken and job.rows.count() == 0 and len(calls) == 2

    assert job_plan(job=job, kind=kind, client=None, keep_alive=lambda: runner._renew(job, TOKEN))
    job.refresh_from_db()
    assert job.rows.count() == 3 and job.status == Job.Status.PLANNED
    assert job.lease_until > soon
