"""A job spends only its share of the school's budget; the pages keep the rest."""

import time

from apps.connections.services import governor_for
from apps.jobs import budget, runner
from apps.jobs.budget import JobGovernor
from apps.jobs.models import Job
from tests.jobs.conftest import coupon_job, started


def test_a_job_stops_at_its_share_and_leaves_the_rest_to_the_pages(
    school, bulk, settings, monkeypatch
):
    monkeypatch.setattr(budget, "SHARE_MAX_WAIT", 0)  # never wait, whatever the clock says
    settings.THINKIFIC_RATE_LIMIT = 10
    settings.JOBS_BUDGET_SHARE = 0.5
    job = started(coupon_job(school, quantity=400))  # 8 rows, one call each
    bulk.expect(5)

    step = runner.job_work(job_id=job.pk, token="t")

    assert len(bulk.bodies) == 5  # half of 10 a minute
    assert step.continue_in > 1  # the task comes back when the share has room
    assert list(job.rows.values_list("status", flat=True)).count("done") == 5
    assert Job.objects.get(pk=job.pk).status == "running"
    school_budget = governor_for(school).budget()
    assert school_budget.remaining == 5  # what the pages still have this minute


def test_the_share_is_counted_for_all_of_a_schools_jobs_together(school, settings):
    settings.THINKIFIC_RATE_LIMIT = 120
    first, second = (JobGovernor(governor_for(school)) for _ in range(2))
    assert first.limit == 60
    for _ in range(40):
        first.acquire()
    for _ in range(20):
        second.acquire()
    assert second.budget().remaining == 0
    assert governor_for(school).budget().remaining == 60


def test_a_429_from_thinkific_holds_the_whole_school_back(school):
    governor = JobGovernor(governor_for(school))
    governor.block_until(time.time() + 30)
    assert governor_for(school).budget().blocked_until is not None
