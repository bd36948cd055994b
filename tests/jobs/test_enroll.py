"""Bulk enroll: its form, its dry run's verdicts and its writes, against a strict mock."""

import json
from datetime import UTC, datetime

import pytest
import responses
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.jobs import runner, services
from apps.jobs.enroll import EnrollBulk, emails_parse
from apps.jobs.forms import EnrollBulkForm
from apps.jobs.models import Job
from tests.conftest import grant, login_with
from tests.jobs.conftest import API, TOKEN, started, work

FORM = "/s/baking/jobs/new/enroll/"
COURSES = [(3, "Bread"), (4, "Cakes")]
ANN = {"id": 11, "email": "ann@example.com", "first_name": "Ann", "last_name": "Lee"}


def page(items):
    pagination = {"current_page": 1, "next_page": None, "prev_page": None, "total_pages": 1}
    return {"items": items, "meta": {"pagination": {**pagination, "total_items": len(items)}}}


def enroll_job(school, emails, *, courses=COURSES, create_unknown=False):
    job = services.job_create(
        connection=school,
        user=None,
        kind=EnrollBulk.name,
        title="Enroll",
        params=EnrollBulk.params(
            emails=emails,
            courses=courses,
            activated_at=datetime(2030, 1, 1, tzinfo=UTC),
            expiry_date=None,
            create_unknown=create_unknown,
        ),
    )
    assert runner.job_work(job_id=job.pk, token=TOKEN).message == "Dry run stored."
    job.refresh_from_db()
    return job


def verdicts(job):
    return list(job.rows.order_by("position").values_list("verdict", "runnable"))


def test_emails_are_split_deduplicated_and_the_header_dropped():
    text = 'Email\nann@example.com, BOB@example.com;ann@example.com\n"carl@example.com"\nnope'
    assert emails_parse(text) == ["ann@example.com", "bob@example.com", "carl@example.com", "nope"]


def test_the_dry_run_says_what_each_row_will_do(school, api):
    api.get(
        f"{API}/users",
        json=page([ANN]),
        match=[
            responses.matchers.query_param_matcher(
                {"page": "1", "limit": "1", "query[email]": "ann@example.com"}
            )
        ],
    )
    api.get(f"{API}/users", json=page([]))
    api.get(
        f"{API}/enrollments",
        json=page([]),
        match=[
            responses.matchers.query_param_matcher(
                {"page": "1", "limit": "1", "query[user_id]": "11", "query[course_id]": "3"}
            )
        ],
    )
    enrolled = {"id": 90, "user_id": 11, "course_id": 4, "expiry_date": "2031-05-01T00:00:00Z"}
    api.get(f"{API}/enrollments", json=page([enrolled]))

    job = enroll_job(school, ["ann@example.com", "new@example.com", "bad"])

    assert job.status == Job.Status.PLANNED
    assert verdicts(job) == [
        ("Will enroll in Bread.", True),
        ("Already enrolled in Cakes (expires: May 1, 2031).", False),
        ("Unknown email: not enrolled in Bread (no such user).", False),
        ("Unknown email: not enrolled in Cakes (no such user).", False),
        ("Bad row: “bad” is not an email address.", False),
    ]


def test_unknown_emails_are_created_once_then_enrolled(school, api):
    api.get(f"{API}/users", json=page([]))  # the dry run's look-up
    job = started(enroll_job(school, ["joe.bloggs@example.com"], create_unknown=True))
    assert [runnable for _, runnable in verdicts(job)] == [True, True]
    joe = {"id": 12, "email": "joe.bloggs@example.com", "first_name": "Joe", "last_name": "Bloggs"}
    api.get(f"{API}/users", json=page([]))
    api.post(f"{API}/users", json=joe, status=201)
    api.get(f"{API}/users", json=page([joe]))
    created = []

    def enrollment(request):
        body = json.loads(request.body)
        created.append(body)
        return 201, {}, json.dumps({"id": 500 + len(created), **body})

    api.add_callback(responses.POST, f"{API}/enrollments", callback=enrollment)
    api.add_callback(responses.POST, f"{API}/enrollments", callback=enrollment)

    work(job)

    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    user_body = json.loads(api.calls[2].request.body)
    assert (user_body["first_name"], user_body["last_name"]) == ("Joe", "Bloggs")
    assert created == [
        {"course_id": 3, "user_id": 12, "activated_at": "2030-01-01T00:00:00Z"},
        {"course_id": 4, "user_id": 12, "activated_at": "2030-01-01T00:00:00Z"},
    ]
    assert list(job.rows.values_list("message", flat=True).order_by("position")) == [
        "Enrolled as #501.",
        "Enrolled as #502.",
    ]


def test_an_interrupted_row_is_found_rather_than_enrolled_twice(school, api):
    api.get(f"{API}/users", json=page([ANN]))
    api.get(f"{API}/enrollments", json=page([]))
    job = started(enroll_job(school, ["ann@example.com"], courses=[(3, "Bread")]))
    row = job.rows.get()
    row.status, row.started_at = "running", datetime(2030, 1, 1, tzinfo=UTC)
    row.save()
    api.get(f"{API}/users", json=page([ANN]))
    api.get(f"{API}/enrollments", json=page([{"id": 77, "user_id": 11, "course_id": 3}]))

    work(job)

    row.refresh_from_db()
    assert (row.status, row.result) == ("done", {"user_id": 11, "enrollment_id": 77})
    assert "found after an interruption" in row.message


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        (b"\x00\x01PK", "not a CSV"),
        (b"x" * (2 * 1024 * 1024 + 1), "over 2 MB"),
    ],
)
def test_a_bad_file_is_refused(raw, error):
    upload = SimpleUploadedFile("emails.csv", raw, content_type="text/csv")
    form = EnrollBulkForm({"courses": ["3"]}, {"file": upload}, courses=COURSES)
    assert not form.is_valid()
    assert error in form.errors["file"][0]


def test_excel_csv_with_a_bom_or_cp1252_is_read():
    for raw in (
        "\ufeffemail\nann@example.com\n".encode(),
        "email;name\nzoë@example.com;Zoë\n".encode("cp1252"),
    ):
        upload = SimpleUploadedFile("e.csv", raw, content_type="text/csv")
        form = EnrollBulkForm({"courses": ["3"]}, {"file": upload}, courses=COURSES)
        assert form.is_valid(), form.errors
    assert form.cleaned_data["emails"] == ["zoë@example.com"]  # the email column only


@pytest.fixture
def enroller(staff, client):
    cache.clear()
    return login_with(client, staff, "add_enrollments")


def test_the_form_needs_the_permission(staff, client, api):
    client.force_login(grant(staff, "view_enrollments", "add_users"))
    assert client.get(FORM).status_code == 403
    assert client.post(FORM).status_code == 403


def test_the_form_lists_the_courses_and_makes_a_dry_run(enroller, api, school):
    api.get(f"{API}/courses", json=page([{"id": 3, "name": "Bread"}, {"id": 4, "name": "Cakes"}]))
    assert "Cakes" in enroller.get(FORM).text
    assert enroller.post(FORM, {"courses": ["3"]}).status_code == 422

    response = enroller.post(FORM, {"emails": "ann@example.com\nbob@example.com", "courses": ["4"]})

    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert (job.kind, job.status, job.title) == (
        "enroll_bulk",
        "planning",
        "Enroll 2 emails in Cakes",
    )
    assert job.params["courses"] == [{"id": 4, "name": "Cakes"}]
    assert len(api.calls) == 1  # the courses, cached since
