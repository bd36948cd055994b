"""Import users: the file's checks, the header's mapping, the dry run and the writes."""

import json

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.jobs import runner, services
from apps.jobs.forms import UserImportForm
from apps.jobs.imports import UserImport
from apps.jobs.models import Job
from tests.conftest import grant
from tests.jobs.conftest import API, TOKEN, started, work
from tests.jobs.test_enroll import ANN, page

FORM = "/s/baking/jobs/new/import/"
GOOD = (
    "First Name,LAST_NAME, e-mail ,Company,Favourite cake\n"
    "Bob,Stone,bob@example.com,Bakers Ltd,Lemon\n"
    "Ann,Lee,ann@example.com,,\n"
    ",Nameless,x@example.com,,\n"
)


def form(raw: bytes, **data):
    upload = SimpleUploadedFile("users.csv", raw, content_type="text/csv")
    return UserImportForm({"on_existing": "skip", **data}, {"file": upload}, courses=[(3, "Bread")])


def test_the_header_is_matched_ignoring_case_spaces_and_underscores():
    raw = GOOD.replace(" e-mail ", "Email").encode()
    f = form(raw)
    assert f.is_valid(), f.errors
    assert f.cleaned_data["file"][0] == {
        "first_name": "Bob",
        "last_name": "Stone",
        "email": "bob@example.com",
        "company": "Bakers Ltd",
        "custom:Favourite cake": "Lemon",
    }


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        (b"", "The submitted file is empty"),  # Django's own check
        (b" \n", "The file is empty"),
        (b"\x89PNG\x00\x00", "not a CSV"),
        (b"bob@example.com,Bob\n", "a header naming the columns"),
        (b"Email\n", "no rows"),
        (b"Email\nA@example.com\na@example.com\n", "more than once in the file: a@example.com"),
        (b"Email\n" + b"a@example.com\n" * 200_000, "over 2 MB"),
        (b"Email\n" + b"".join(b"u%d@e.co\n" % n for n in range(10_001)), "up to 10,000"),
    ],
)
def test_a_bad_file_is_refused_whole(raw, error):
    f = form(raw)
    assert not f.is_valid()
    assert error.lower() in str(f.errors["file"]).lower()


def test_excel_files_are_read():
    raw = "\ufeffFirst name;Last name;Email\nZoë;Brûlé;zoe@example.com\n".encode("cp1252", "ignore")
    f = form(raw)
    assert f.is_valid(), f.errors
    assert f.cleaned_data["file"] == [
        {"first_name": "Zoë", "last_name": "Brûlé", "email": "zoe@example.com"}
    ]


def import_job(school, raw, *, on_existing="skip", courses=()):
    f = form(raw, on_existing=on_existing)
    assert f.is_valid(), f.errors
    params = UserImport.params(
        rows=f.cleaned_data["file"],
        on_existing=on_existing,
        courses=courses,
        send_welcome_email=True,
    )
    job = services.job_create(
        connection=school, user=None, kind=UserImport.name, title="Import", params=params
    )
    assert runner.job_work(job_id=job.pk, token=TOKEN).message == "Dry run stored."
    job.refresh_from_db()
    return job


def fields(api):
    cake = {"id": 5, "label": "Favourite Cake"}
    api.get(f"{API}/custom_profile_field_definitions", json=page([cake]))


def test_the_dry_run_then_the_import(school, api):
    fields(api)
    api.get(f"{API}/users", json=page([]))
    api.get(f"{API}/users", json=page([ANN]))
    job = started(import_job(school, GOOD.encode(), courses=[(3, "Bread")]))
    assert list(job.rows.order_by("position").values_list("verdict", "runnable")) == [
        ("Will create bob@example.com.", True),
        ("Already exists: skipped (ann@example.com).", False),
        ("Invalid: First name is missing.", False),
    ]
    api.post(f"{API}/users", json={"id": 20, "email": "bob@example.com"}, status=201)
    api.post(f"{API}/enrollments", json={"id": 70, "user_id": 20, "course_id": 3}, status=201)

    work(job)

    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    body = json.loads(api.calls[3].request.body)
    assert body == {
        "first_name": "Bob",
        "last_name": "Stone",
        "email": "bob@example.com",
        "company": "Bakers Ltd",
        "custom_profile_fields": [{"custom_profile_field_definition_id": 5, "value": "Lemon"}],
        "send_welcome_email": True,
    }
    assert json.loads(api.calls[4].request.body)["course_id"] == 3
    row = job.rows.get(position=1)
    assert (row.message, row.result) == ("Created as #20, enrolled in 1 course.", {"user_id": 20})


def test_existing_users_may_be_updated_and_unknown_labels_are_invalid(school, api):
    fields(api)
    api.get(f"{API}/users", json=page([ANN]))
    raw = (
        b"First name,Last name,Email,Shoe size\nAnn,Lee,ann@example.com,\nBo,Li,bo@example.com,9\n"
    )
    job = started(import_job(school, raw, on_existing="update"))
    assert list(job.rows.order_by("position").values_list("verdict", flat=True)) == [
        "Exists: will update ann@example.com.",
        "Invalid: No custom profile field is labelled “Shoe size”.",
    ]
    api.put(f"{API}/users/11", status=204)

    work(job)

    assert json.loads(api.calls[-1].request.body) == {
        "first_name": "Ann",
        "last_name": "Lee",
        "email": "ann@example.com",
    }


def test_the_page_needs_the_permission_and_makes_a_dry_run(staff, client, api, school):
    cache.clear()
    client.force_login(grant(staff, "add_enrollments"))
    assert client.get(FORM).status_code == 403
    client.force_login(grant(staff, "add_users"))
    api.get(f"{API}/courses", json=page([{"id": 3, "name": "Bread"}]))
    assert "Bread" in client.get(FORM).text
    bad = SimpleUploadedFile("u.csv", b"Email\n", content_type="text/csv")
    assert client.post(FORM, {"file": bad, "on_existing": "skip"}).status_code == 422
    upload = SimpleUploadedFile("users.csv", GOOD.encode(), content_type="text/csv")

    response = client.post(FORM, {"file": upload, "on_existing": "skip"})

    job = Job.objects.get()
    assert response.status_code == 302
    assert (job.title, job.status) == ("Import 3 users from users.csv", "planning")
