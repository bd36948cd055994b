"""Import users: the file's checks, the columns' mapping, the dry run and the writes."""

import json
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.jobs import runner, services
from apps.jobs.forms import ColumnMappingForm, UserImportForm
from apps.jobs.imports import UserImport
from apps.jobs.models import ImportUpload, Job
from apps.thinkific.resources.custom_profile_fields import CustomProfileFieldDefinition
from tests.conftest import grant
from tests.jobs.conftest import API, HTMX, TOKEN, started, work
from tests.jobs.test_enroll import ANN, page

FORM = "/s/baking/jobs/new/import/"
GOOD = (
    "First Name,LAST_NAME, e-mail ,Company,Favourite cake,Notes\n"
    "Bob,Stone,bob@example.com,Bakers Ltd,Lemon,first\n"
    "Ann,Lee,ann@example.com,,,\n"
    ",Nameless,x@example.com,,,\n"
)
CAKE = CustomProfileFieldDefinition(id=5, label="Favourite Cake")
GUESSED = ["first_name", "last_name", "email", "company", "custom:5", ""]


def upload_form(raw: bytes):
    upload = SimpleUploadedFile("users.csv", raw, content_type="text/csv")
    return UserImportForm({}, {"file": upload})


def read(raw: bytes) -> ImportUpload:
    """The file as the upload step keeps it (not saved)."""
    f = upload_form(raw)
    assert f.is_valid(), f.errors
    file = f.cleaned_data["file"]
    return ImportUpload(name=file["name"], header=file["header"], rows=file["rows"])


def mapping_form(upload, mapping=None, **data):
    if mapping is not None:
        data |= {f"column_{i}": field for i, field in enumerate(mapping)}
    return ColumnMappingForm(
        {"on_existing": "skip", **data} if data else None,
        upload=upload,
        custom_fields=[CAKE],
        courses=[(3, "Bread")],
    )


def test_the_columns_are_guessed_by_name_and_custom_fields_by_label():
    f = mapping_form(read(GOOD.encode()))

    assert [f[name].initial for name in f.columns] == GUESSED
    columns = [(bound.label, values) for bound, values in f.column_rows()]
    assert columns[2] == ("e-mail", ["bob@example.com", "ann@example.com", "x@example.com"])
    assert columns[5] == ("Notes", ["first", "", ""])


def test_the_mapping_makes_the_users_and_ignores_what_it_is_told_to():
    f = mapping_form(read(GOOD.encode()), GUESSED)

    assert f.is_valid(), f.errors
    assert f.cleaned_data["users"][0] == {
        "first_name": "Bob",
        "last_name": "Stone",
        "email": "bob@example.com",
        "company": "Bakers Ltd",
        "custom:5": "Lemon",
    }


def test_the_preview_shows_the_first_five_rows():
    raw = "Email\n" + "".join(f"u{n}@example.com\n" for n in range(8))

    (_, values), *_ = mapping_form(read(raw.encode())).column_rows()

    assert values == [f"u{n}@example.com" for n in range(5)]


@pytest.mark.parametrize(
    ("mapping", "error", "faulty"),
    [
        (["first_name", "last_name", "", "company", "", ""], "Choose the column that holds", []),
        (
            ["first_name", "first_name", "email", "", "", ""],
            "Columns “First Name” and “LAST_NAME” are mapped to the same field",
            ["column_0", "column_1"],
        ),
    ],
)
def test_a_bad_mapping_is_refused_with_the_choices_kept(mapping, error, faulty):
    f = mapping_form(read(GOOD.encode()), mapping)

    assert not f.is_valid()
    assert error in " ".join(f.non_field_errors())
    assert [name for name in f.columns if name in f.errors] == faulty
    assert f["column_0"].value() == mapping[0]


def test_duplicate_emails_are_found_in_the_mapped_column():
    raw = b"Email,Backup email\nA@example.com,b@example.com\na@example.com,c@example.com\n"
    assert mapping_form(read(raw), ["", "email"]).is_valid()

    f = mapping_form(read(raw), ["email", ""])

    assert not f.is_valid()
    assert "more than once in the file: a@example.com" in str(f.non_field_errors())


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        (b"", "The submitted file is empty"),  # Django's own check
        (b" \n", "The file is empty"),
        (b"\x89PNG\x00\x00", "not a CSV"),
        (b"bob@example.com,Bob\n", "a header naming the columns"),
        (b"Email\n", "no rows"),
        (b"Email\n" + b"a@example.com\n" * 200_000, "over 2 MB"),
        (b"Email\n" + b"".join(b"u%d@e.co\n" % n for n in range(10_001)), "up to 10,000"),
    ],
)
def test_a_bad_file_is_refused_whole(raw, error):
    f = upload_form(raw)
    assert not f.is_valid()
    assert error.lower() in str(f.errors["file"]).lower()


def test_excel_files_are_read():
    raw = "\ufeffFirst name;Last name;Email\nZoë;Brûlé;zoe@example.com\n".encode("cp1252", "ignore")
    upload = read(raw)
    assert (upload.header, upload.rows) == (
        ["First name", "Last name", "Email"],
        [["Zoë", "Brûlé", "zoe@example.com"]],
    )


def test_utf8_with_its_bom_is_read():
    upload = read("\ufeffEmail,First name\nzoe@example.com,Zoë\n".encode())
    assert upload.header == ["Email", "First name"] and upload.rows[0][1] == "Zoë"


def import_job(school, api, raw, *, on_existing="skip", courses=(), mapping=GUESSED):
    cache.clear()
    api.get(f"{API}/custom_profile_field_definitions", json=page([{"id": 5, "label": CAKE.label}]))
    f = mapping_form(read(raw), mapping, on_existing=on_existing)
    assert f.is_valid(), f.errors
    params = UserImport.params(
        rows=f.cleaned_data["users"],
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


def test_the_dry_run_then_the_import(school, api):
    api.get(f"{API}/users", json=page([]))
    api.get(f"{API}/users", json=page([ANN]))
    job = started(import_job(school, api, GOOD.encode(), courses=[(3, "Bread")]))
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


def test_existing_users_may_be_updated(school, api):
    api.get(f"{API}/users", json=page([ANN]))
    raw = (
        b"First name,Last name,Email,Password\nAnn,Lee,ann@example.com,\nBo,Li,bo@example.com,abc\n"
    )
    mapping = ["first_name", "last_name", "email", "password"]
    job = started(import_job(school, api, raw, on_existing="update", mapping=mapping))
    assert list(job.rows.order_by("position").values_list("verdict", flat=True)) == [
        "Exists: will update ann@example.com.",
        "Invalid: Password: Ensure this value has at least 6 characters (it has 3).",
    ]
    api.put(f"{API}/users/11", status=204)

    work(job)

    assert json.loads(api.calls[-1].request.body) == {
        "first_name": "Ann",
        "last_name": "Lee",
        "email": "ann@example.com",
    }


def _upload(client, raw: bytes, **headers):
    upload = SimpleUploadedFile("users.csv", raw, content_type="text/csv")
    return client.post(FORM, {"file": upload}, headers=headers)


def test_the_pages_need_the_permission_then_map_and_make_a_dry_run(staff, client, api, school):
    cache.clear()
    client.force_login(grant(staff, "add_enrollments"))
    assert client.get(FORM).status_code == 403
    client.force_login(grant(staff, "add_users"))
    assert "Next: the columns" in client.get(FORM).text
    assert _upload(client, b"Email\n").status_code == 422
    assert not ImportUpload.objects.exists()

    uploaded = _upload(client, GOOD.encode())
    upload = ImportUpload.objects.get()
    assert uploaded["Location"] == f"/s/baking/jobs/new/import/{upload.pk}/"
    api.get(f"{API}/custom_profile_field_definitions", json=page([{"id": 5, "label": CAKE.label}]))
    api.get(f"{API}/courses", json=page([{"id": 3, "name": "Bread"}]))
    mapping_page = client.get(uploaded["Location"]).text
    assert re.search(r'<option value="custom:5" selected>Favourite Cake</option>', mapping_page)
    assert "<span>Bakers Ltd</span>" in mapping_page and "Bread" in mapping_page

    data = {f"column_{i}": field for i, field in enumerate(GUESSED)} | {"on_existing": "skip"}
    refused = client.post(uploaded["Location"], {**data, "column_2": ""}, headers=HTMX)
    assert refused.status_code == 422
    assert "Choose the column that holds the emails" in refused.text
    assert '<option value="custom:5" selected>' in refused.text  # the choices are kept
    assert not Job.objects.exists()

    response = client.post(uploaded["Location"], data)

    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert (job.title, job.status) == ("Import 3 users from users.csv", "planning")
    assert job.params["rows"][0]["custom:5"] == "Lemon"
    assert not ImportUpload.objects.exists()  # the job replaces it
    assert client.get(uploaded["Location"]).status_code == 404


def test_an_upload_is_its_uploaders_alone(staff, client, school, django_user_model):
    other = django_user_model.objects.create_user("other", "o@example.com", "pw-other-123")
    school.members.add(other)
    upload = ImportUpload.objects.create(
        connection=school, created_by=other, name="u.csv", header=["Email"], rows=[["a@b.co"]]
    )
    client.force_login(grant(staff, "add_users"))

    assert client.get(f"{FORM}{upload.pk}/").status_code == 404


SECRET = "Pa55-word-kept"
WITH_PASSWORDS = (
    f"First name,Last name,Email,Password,Old password\nBo,Li,bo@example.com,{SECRET},x1\n"
)


def test_the_preview_masks_passwords_as_the_history_does():
    upload = read(WITH_PASSWORDS.encode())
    guessed = mapping_form(upload)
    columns = {bound.label: values for bound, values in guessed.column_rows()}
    assert columns["Password"] == ["[redacted]"]  # the column's field is the password
    assert columns["Old password"] == ["[redacted]"]  # its header names one, though ignored
    assert columns["Email"] == ["bo@example.com"]

    # A column the staff member maps to the password, whatever its header says.
    upload.header[1] = "Nickname"
    chosen = mapping_form(upload, ["first_name", "password", "email", "", ""])
    assert [values for _, values in chosen.column_rows()][1] == ["[redacted]"]


def test_the_mapping_page_results_and_csv_never_show_the_password(staff, client, school, api):
    cache.clear()
    client.force_login(grant(staff, "add_users"))
    uploaded = _upload(client, WITH_PASSWORDS.encode())
    api.get(f"{API}/custom_profile_field_definitions", json=page([]))
    api.get(f"{API}/courses", json=page([]))
    mapping_page = client.get(uploaded["Location"]).text
    assert "bo@example.com" in mapping_page and SECRET not in mapping_page

    api.get(f"{API}/users", json=page([]))
    job = started(import_job(school, api, WITH_PASSWORDS.encode(), mapping=FIVE))
    api.post(f"{API}/users", json={"id": 21, "email": "bo@example.com"}, status=201)
    work(job)

    assert json.loads(api.calls[-1].request.body)["password"] == SECRET  # sent, then
    for url in (job.get_absolute_url(), f"{job.get_absolute_url()}results.csv"):
        shown = client.get(url)
        body = b"".join(shown) if shown.streaming else shown.content
        assert shown.status_code == 200 and b"bo@example.com" in body
        assert SECRET.encode() not in body


FIVE = ["first_name", "last_name", "email", "password", ""]
CAKE_REQUIRED = {"id": 5, "label": CAKE.label, "required": True}


def test_a_required_profile_field_is_asked_of_new_users_only(school, api):
    cache.clear()
    api.get(f"{API}/custom_profile_field_definitions", json=page([CAKE_REQUIRED]))
    api.get(f"{API}/users", json=page([ANN]))
    api.get(f"{API}/users", json=page([]))
    rows = [
        {"first_name": "Ann", "last_name": "Lee", "email": "ann@example.com"},
        {"first_name": "Bo", "last_name": "Li", "email": "bo@example.com", "roles": "Course admin"},
    ]
    params = UserImport.params(rows=rows, on_existing="update", courses=[], send_welcome_email=0)
    job = services.job_create(
        connection=school, user=None, kind=UserImport.name, title="Import", params=params
    )
    runner.job_work(job_id=job.pk, token=TOKEN)

    assert list(job.rows.order_by("position").values_list("verdict", flat=True)) == [
        "Exists: will update ann@example.com.",
        "Invalid: Favourite Cake is missing.",
    ]
