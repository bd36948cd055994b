"""Every CSV the portal serves (found in the URLconf, so a new one is covered the day it is
routed), with formulas seeded through the path its cells really take: Thinkific's records
through the index or read live, its webhook deliveries through the receiver, a write
through the history, pasted and uploaded rows and Thinkific's answers through each kind of
job. No cell of any download may begin as a formula."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

from apps.core.csvdownload import TRIGGERS
from apps.jobs import runner
from apps.jobs.kinds import kind_list
from apps.jobs.models import Job
from apps.sandbox import models as sandbox
from apps.sandbox.events import delivery
from apps.sandbox.services import commerce
from apps.webhooks.models import Event
from tests.core.test_csvdownload import unguarded
from tests.index.conftest import sync_all
from tests.sandbox import factories

APPS = Path(__file__).resolve().parents[2] / "apps"
WRITER = APPS / "core" / "csvdownload.py"
PAYLOADS = ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
TOKEN = "downloads-test"
JOB_ROUTE = "s/<slug:school>/jobs/<thinkific_id:job_id>/results.csv"
# Lists of Thinkific's records: from the index (the first four) or read live.
RECORD_LISTS = ("users", "orders", "enrollments", "instructors", "promotions")
COUPONS = "s/<slug:school>/promotions/<thinkific_id:promotion_id>/coupons/export.csv"
EXPORTS = {
    *(f"s/<slug:school>/{name}/export.csv" for name in (*RECORD_LISTS, "history", "activity")),
    COUPONS,
}
CSV_MADE = re.compile(r"text/csv|csv\.(Dict)?[wW]riter\b")


def csv_routes() -> set[str]:
    """Every route in the URLconf named or ending like a CSV download."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                yield route, pattern.name or ""

    found = walk(get_resolver().url_patterns)
    return {
        route
        for route, name in found
        if route.endswith(".csv") or "csv" in name or "export" in name
    }


def cells_of(world, url: str) -> list[str]:
    """The download's cells, after checking it is a CSV attachment and none is a formula."""
    response = world.client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="fuzz-')
    text = b"".join(response.streaming_content).decode("utf-8")
    lines = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    cells = [cell for line in lines for cell in line]
    formulas = [cell for cell in cells if cell[:1] in TRIGGERS]
    assert not formulas, f"{url} holds formulas: {formulas[:5]}"
    assert text.startswith("\ufeff"), f"{url}: no BOM (it did not come from the writer)"
    return cells


def assert_seeded(url: str, cells: list[str], seeds: list[str]) -> None:
    """Each seed reached the file (as its path shaped it: trimmed, lower-cased), guarded."""
    guarded = [unguarded(cell).lower() for cell in cells if unguarded(cell) != cell]
    for seed in seeds:
        assert any(seed.strip().lower() in cell for cell in guarded), f"{url}: {seed!r} not found"


def seed_upstream(world) -> sandbox.Promotion:
    """Thinkific's records with a formula in every name: users, courses, instructors,
    promotions, coupons (of the promotion returned), and the orders and enrollments between
    them."""
    promotion = factories.promotion(world.upstream)
    for n, payload in enumerate(PAYLOADS):
        person = factories.user(world.upstream, first_name=payload, last_name=payload)
        person.company = payload
        person.save()
        course = factories.course(world.upstream, name=payload, chapters=0)
        factories.enrollment(person, course)
        coupon = factories.coupon(promotion, code=payload, note=payload)
        factories.order(person, course, coupon=coupon)
        sandbox.Instructor.objects.create(
            school=world.upstream,
            first_name=payload,
            last_name=payload,
            title=payload,
            slug=f"i{n}",
        )
        factories.promotion(world.upstream, name=payload, description=payload)
    return promotion


def seed_events(world) -> None:
    """Thinkific's deliveries as the receiver takes them: a watch registers the portal's
    webhook for new users on the sandbox, users named with formulas are made through the
    portal, and the sandbox signs and posts its deliveries."""
    data = {"name": "New users", "topics": ["user.signup"]}
    assert world.client.post("/s/fuzz/watches/new/", data).status_code == 302
    for n, payload in enumerate(PAYLOADS):
        data = {"first_name": payload, "last_name": payload, "email": f"signup{n}@example.com"}
        response = world.client.post("/s/fuzz/users/new/", data)
        assert response.status_code == 302, response.content.decode()[:2000]
    assert delivery.deliver_pending(school=world.upstream) == len(PAYLOADS)
    assert Event.objects.filter(connection=world.school).count() == len(PAYLOADS)


def edit_user(world, user_id: int, **fields) -> None:
    person = sandbox.User.objects.get(pk=user_id)
    data = {"first_name": person.first_name, "last_name": person.last_name, "email": person.email}
    response = world.client.post(f"/s/fuzz/users/{user_id}/edit/", {**data, **fields})
    assert response.status_code == 302, response.content.decode()[:2000]


def plan(job_id: int) -> Job:
    """The worker's dry run (and run, once started) of the job, in this process."""
    for _ in range(20):
        if runner.job_work(job_id=job_id, token=TOKEN).continue_in != 0:
            break
    return Job.objects.get(pk=job_id)


def job_created(response) -> int:
    assert response.status_code == 302, response.content.decode()[:2000]
    return int(re.search(r"/jobs/(\d+)/$", response["Location"]).group(1))


def enroll_job(world, course_id: int) -> tuple[int, list[str]]:
    """Pasted emails, each a formula."""
    data = {"emails": "\n".join(PAYLOADS), "courses": [course_id]}
    return plan(job_created(world.client.post("/s/fuzz/jobs/new/enroll/", data))).pk, PAYLOADS


def import_job(world, course_id: int) -> tuple[int, list[str]]:
    """An uploaded file of users whose emails and names are formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["First name", "Last name", "Email"])
    # Numbered: "\t=1" and "\r=1" are both "=1" once trimmed, and an email comes once a file.
    writer.writerows([p, p, f"{p}{n}"] for n, p in enumerate(PAYLOADS))
    upload = SimpleUploadedFile("users.csv", buffer.getvalue().encode(), "text/csv")
    uploaded = world.client.post("/s/fuzz/jobs/new/import/", {"file": upload})
    assert uploaded.status_code == 302, uploaded.content.decode()[:2000]
    mapping = {"column_0": "first_name", "column_1": "last_name", "column_2": "email"}
    response = world.client.post(uploaded["Location"], {**mapping, "on_existing": "skip"})
    return plan(job_created(response)).pk, PAYLOADS


def coupon_job(world, course_id: int) -> tuple[int, list[str]]:
    """Codes Thinkific makes up: here, of the formulas' first characters only."""
    promotion = factories.promotion(world.upstream)
    data = {"bulk_quantity": 3, "bulk_coupon_code_length": 6}
    url = f"/s/fuzz/promotions/{promotion.pk}/coupons/bulk/"
    job_id = job_created(world.client.post(url, data))
    assert world.client.post(f"/s/fuzz/jobs/{job_id}/start/").status_code == 302
    job = plan(job_id)
    assert job.status == Job.Status.DONE, job.error
    return job.pk, []


JOBS = {"enroll_bulk": enroll_job, "user_import": import_job, "coupon_bulk": coupon_job}


def test_every_csv_route_and_every_kind_of_job_is_seeded_below():
    """A new CSV download, or a new kind of job (whose rows the results CSV writes), fails
    here until the test below seeds it."""
    assert csv_routes() == {*EXPORTS, JOB_ROUTE}
    assert {kind.name for kind in kind_list()} == set(JOBS)


def test_only_the_writer_makes_a_csv():
    """Every download goes through `csv_download`: no other module writes a CSV."""
    makers = [
        str(path.relative_to(APPS))
        for path in APPS.rglob("*.py")
        if path != WRITER and CSV_MADE.search(path.read_text())
    ]
    assert makers == []
    assert CSV_MADE.search(WRITER.read_text())


def test_no_download_holds_a_formula(world, monkeypatch):
    monkeypatch.setattr(commerce, "CODE_ALPHABET", "".join(sorted(TRIGGERS)))
    promotion = seed_upstream(world)
    sync_all(world.school)
    for name in RECORD_LISTS:
        url = f"/s/fuzz/{name}/export.csv"
        assert_seeded(url, cells_of(world, url), PAYLOADS)
    url = f"/s/fuzz/promotions/{promotion.pk}/coupons/export.csv"
    assert_seeded(url, cells_of(world, url), PAYLOADS)

    seed_events(world)
    cells = cells_of(world, "/s/fuzz/activity/export.csv")
    assert_seeded("activity", cells, PAYLOADS)

    first = world.ids[0]
    for payload in PAYLOADS:
        edit_user(world, first, company=payload)
    edit_user(world, first, first_name=PAYLOADS[0], headline=PAYLOADS[1], bio=PAYLOADS[2])
    cells = cells_of(world, "/s/fuzz/history/export.csv")
    assert_seeded("history", cells, PAYLOADS)

    course_id = sandbox.Course.objects.filter(school=world.upstream).first().pk
    for kind, seeded in JOBS.items():
        job_id, seeds = seeded(world, course_id)
        url = f"/s/fuzz/jobs/{job_id}/results.csv"
        cells = cells_of(world, url)
        assert len(cells) > len(Job.objects.get(pk=job_id).declaration.csv_header), kind
        assert_seeded(url, cells, seeds)
        assert [cell for cell in cells if unguarded(cell) != cell], f"{kind}: nothing to guard"
