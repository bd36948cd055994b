"""A user import of 5,000 rows on the real task worker, against the sandbox over HTTP.

The rate limit is lifted here (sandbox and portal) to measure the mechanism itself, unless
IMPORT_RATE_LIMIT sets one to measure the share of it the job takes. Under Thinkific's 120
a minute the jobs' half allows 60 calls a minute, and an import needs two a row (the dry
run's look-up, the create): 5,000 rows take about 2 h 47 min. Figures: bench/README.md.
"""

import os
import re
import time
from collections import Counter

import pytest
from django.conf import settings

from apps.jobs import services
from apps.jobs.imports import UserImport
from apps.sandbox import models as sandbox
from tests.jobs.conftest import started
from tests.jobs.test_worker import finished
from tests.jobs.worker import Workers, wait_for
from tests.users.sandbox import sandbox_school

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]
# A few hundred in `make test`; IMPORT_ROWS=5000 for the figure in bench/README.md.
ROWS = int(os.environ.get("IMPORT_ROWS", "200"))
# The school's budget a minute (sandbox and portal): lifted unless IMPORT_RATE_LIMIT says
# one, to measure the share of it a job takes.
RATE_LIMIT = os.environ.get("IMPORT_RATE_LIMIT", "1000000")
# Each wait (the dry run, then the import) allows a fifth of a second a row and more, or
# what the budget's jobs' share needs: unlimited, a row takes under a tenth here.
WAIT = 120 + ROWS * max(0.2, 60 / (int(RATE_LIMIT) * settings.JOBS_BUDGET_SHARE))


@pytest.fixture
def school(live_server):
    connection = sandbox_school(live_server, subdomain="import-academy", users=3, slug="import")
    sandbox.School.objects.filter(subdomain="import-academy").update(rate_limit=int(RATE_LIMIT))
    return connection


@pytest.fixture
def workers():
    pool = Workers(JOBS_LEASE_SECONDS="3", JOBS_SLICE_SECONDS="5", THINKIFIC_RATE_LIMIT=RATE_LIMIT)
    yield pool
    pool.stop_all()


def test_a_user_import_on_the_real_worker(school, workers, capsys):
    rows = [
        {"first_name": f"First{n}", "last_name": f"Last{n}", "email": f"import{n}@example.com"}
        for n in range(ROWS)
    ]
    params = UserImport.params(rows=rows, on_existing="skip", courses=[], send_welcome_email=False)
    workers.start()
    began = time.monotonic()
    job = services.job_create(
        connection=school, user=None, kind=UserImport.name, title="Import", params=params
    )
    wait_for(lambda: finished(job) or job.status == "planned", timeout=WAIT)
    planned = time.monotonic() - began
    services.enqueue(started(job))

    job = wait_for(lambda: finished(job), timeout=WAIT)
    elapsed = time.monotonic() - began

    assert job.status == "done"
    assert job.rows.filter(status="done").count() == ROWS
    calls = Counter(re.findall(r"thinkific (GET|POST|PUT|DELETE) ", workers.log()))
    # A look-up and a create a row, no retry; and the school's profile fields, once.
    assert calls == {"GET": ROWS + 1, "POST": ROWS}
    per_minute = sum(calls.values()) / elapsed * 60
    with capsys.disabled():
        print(
            f"\n{ROWS} users imported: dry run {planned:.0f} s, in all {elapsed:.0f} s;"
            f" {sum(calls.values())} calls, {per_minute:.0f} a minute,"
            f" {per_minute / int(RATE_LIMIT):.1%} of the budget of {RATE_LIMIT} a minute"
        )
