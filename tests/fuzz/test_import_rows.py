"""Any rows of a user import: what the dry run promises, the sandbox then does."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from apps.jobs import runner, services
from apps.jobs.imports import FIELDS, UserImport
from apps.jobs.models import Job
from tests.fuzz.conftest import FUZZ
from tests.jobs.conftest import TOKEN, started, work

TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=300)
CELLS = {
    "first_name": st.sampled_from(["Ann", "", " ", "x" * 255, "x" * 256]) | TEXT,
    "last_name": st.sampled_from(["Lee", "Ō'Brien"]),
    "email": st.sampled_from(["ann@example.com", "bo@example.com", "a@b", "ann@", ""])
    | st.emails(),
    "password": st.sampled_from(["", "abcde", "abcdef", " abcdef ", "p" * 128, "p" * 129]),
    "roles": st.sampled_from(["", "affiliate", "Course admin; site_admin", "teacher", "AFFILIATE"]),
    "affiliate_commission": st.sampled_from(["", "0", "0.01", "100", "100.5", "9999.99", "1e3"])
    | st.decimals(allow_nan=True).map(str),
    "affiliate_commission_type": st.sampled_from(["", "%", "$", "€"]),
    "affiliate_payout_email": st.sampled_from(["", "pay@example.com", "pay"]),
    "external_id": st.sampled_from(["", "sso-1", "sso-2"]) | TEXT,
    "bio": st.sampled_from(["", "b" * 10_001]) | TEXT,
}
ROW = st.fixed_dictionaries({f: CELLS.get(f, TEXT) for f in FIELDS})
# A row likely to be valid: a new email, and odd values in a few optional cells only.
LIKELY = st.fixed_dictionaries(
    {"first_name": st.just("Ann"), "last_name": st.just("Lee"), "email": st.emails()},
    optional={
        f: CELLS.get(f, TEXT) for f in FIELDS if f not in ("first_name", "last_name", "email")
    },
)


@FUZZ
@given(rows=st.lists(LIKELY | ROW, min_size=1, max_size=3))
def test_a_row_the_dry_run_will_create_is_created(world, rows):
    rows = [{f: v.strip() for f, v in row.items() if v.strip()} for row in rows]
    params = UserImport.params(rows=rows, on_existing="skip", courses=[], send_welcome_email=False)
    job = services.job_create(
        connection=world.school, user=None, kind=UserImport.name, title="Fuzz", params=params
    )
    assert runner.job_work(job_id=job.pk, token=TOKEN).message == "Dry run stored."
    job.refresh_from_db()
    if not job.rows.filter(runnable=True).exists():
        return

    work(started(job))

    for row in job.rows.filter(runnable=True):
        assert row.status == "done", (row.verdict, row.message, row.input)
    assert Job.objects.get(pk=job.pk).status == Job.Status.DONE
