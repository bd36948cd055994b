"""Uploaded CSVs of every shape: a stated limit on columns (so the mapping form stays
small and can always be sent), and a clear message for each kind of bad file, nothing
kept and the rest of the form's input kept."""

import re
import time

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.jobs.csvfile import MAX_COLUMNS
from apps.jobs.models import ImportUpload, Job
from tests.conftest import grant
from tests.jobs.conftest import API
from tests.jobs.test_enroll import page

FORM = "/s/baking/jobs/new/import/"
ENROLL = "/s/baking/jobs/new/enroll/"
COURSES = [{"id": 3, "name": "Bread"}]


def wide(columns: int) -> bytes:
    """A header of `columns` columns (the last one Email), and a user under it."""
    return (
        ",".join([*(f"Note {n}" for n in range(columns - 1)), "Email"]).encode()
        + b"\n"
        + b"," * (columns - 1)
        + b"ann@example.com\n"
    )


LONG_LINE = b"Email" + b",Notes" * 11 + b"\na@example.com" + (b"," + b"x" * 9_999) * 11 + b"\n"


@pytest.fixture
def importer(staff, client, school):
    cache.clear()
    return client, grant(staff, "add_users")


def upload(client, raw: bytes, name: str = "users.csv"):
    file = SimpleUploadedFile(name, raw, content_type="text/csv")
    return client.post(FORM, {"file": file})


def field_error(response) -> str:
    return " ".join(re.findall(r'<p class="error" id="id_file_error">([^<]*)</p>', response.text))


def test_the_form_states_the_limits(importer):
    client, user = importer
    client.force_login(user)
    page_text = client.get(FORM).text
    assert f"Up to 2 MB, 10,000 rows and {MAX_COLUMNS} columns" in page_text


def test_a_40000_column_header_is_refused_at_once_with_the_limit(importer):
    client, user = importer
    client.force_login(user)
    raw = b"," * 39_999 + b"Email\n" + b"," * 39_999 + b"ann@example.com\n"  # the report's 80 KB
    assert len(raw) < 81_000

    started = time.monotonic()
    response = upload(client, raw)

    assert time.monotonic() - started < 2
    assert response.status_code == 422
    assert "Line 1 has 40,000 columns; up to 100 at a time." in field_error(response)
    assert not ImportUpload.objects.exists()


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (wide(MAX_COLUMNS + 1), "Line 1 has 101 columns; up to 100 at a time."),
        (b"Email,Name\nann@example.com,Ann,Lee\n", "Row 2 has 3 cells, but the header names 2"),
        (b"Email,Bio\nann@example.com," + b"x" * 10_001 + b"\n", "column 2: a cell over 10,000"),
        (b"Email,Name\n", "The file has a header but no rows."),
        (b"\xef\xbb\xbf", "The file is empty."),
        (b"\xef\xbb\xbf\r\n\r\n", "The file is empty."),
        ("Email\nann@example.com\n".encode("utf-16"), "save it as CSV (UTF-8)"),
        (b"Email\n" + b"ann@example.com\n" * 100 + b"b\x00b@example.com\n", "NUL bytes"),
        (b"Email,Name\nann@example.com,\x81\x8d\n", "neither UTF-8 nor Windows-1252"),
        (LONG_LINE, "Line 2 is over 100,000 characters long."),
        (b'Email,Name\nann@example.com,"Ann\n', "is not CSV: a quoted cell is not closed"),
        (b'Email,Name\nann@example.com,"Ann"Lee\n', "is not CSV"),
    ],
    ids=[
        "101 columns",
        "row longer than the header",
        "long cell",
        "only a header",
        "only a BOM",
        "BOM and blank lines",
        "UTF-16",
        "NUL byte",
        "not text",
        "long line",
        "unclosed quote",
        "text after a quote",
    ],
)
def test_a_bad_file_gets_its_own_message_and_nothing_is_kept(importer, raw, words):
    client, user = importer
    client.force_login(user)

    response = upload(client, raw)

    assert response.status_code == 422
    assert words in field_error(response)
    assert not ImportUpload.objects.exists()


ANN = "ann@example.com"


@pytest.mark.parametrize(
    ("raw", "header", "rows"),
    [
        (b"Email;Name\rann@example.com;Ann\r", ["Email", "Name"], [[ANN, "Ann"]]),
        (b"Email,Name\r\nann@example.com,Ann,,\r\n", ["Email", "Name"], [[ANN, "Ann", "", ""]]),
        ("Email,Name\nann@example.com,Zoë\n".encode("cp1252"), ["Email", "Name"], [[ANN, "Zoë"]]),
        (b'Email,Bio\nann@example.com,"Two\nlines"\n', ["Email", "Bio"], [[ANN, "Two\nlines"]]),
    ],
    ids=["old Mac line ends", "empty extra cells", "Windows-1252", "a cell over two lines"],
)
def test_odd_but_good_files_are_read(importer, raw, header, rows):
    client, user = importer
    client.force_login(user)

    assert upload(client, raw).status_code == 302
    kept = ImportUpload.objects.get()
    assert (kept.header, kept.rows) == (header, rows)


def test_the_widest_file_taken_can_be_mapped_and_sent(importer, api):
    client, user = importer
    client.force_login(user)
    response = upload(client, wide(MAX_COLUMNS))
    assert response.status_code == 302
    api.get(f"{API}/custom_profile_field_definitions", json=page([]))
    api.get(f"{API}/courses", json=page(COURSES))

    mapping = client.get(response["Location"])

    assert mapping.status_code == 200 and len(mapping.content) < 200_000
    fields = set(re.findall(r'name="(column_\d+)"', mapping.text))
    assert len(fields) == MAX_COLUMNS < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS / 5
    chosen = {name: "" for name in fields} | {f"column_{MAX_COLUMNS - 1}": "email"}
    sent = client.post(response["Location"], {**chosen, "on_existing": "skip", "courses": [3]})
    assert sent.status_code == 302 and Job.objects.get().params["rows"] == [
        {"email": "ann@example.com"}
    ]


def test_bulk_enroll_refuses_a_bad_csv_and_keeps_the_rest_of_the_form(staff, client, api):
    cache.clear()
    client.force_login(grant(staff, "add_enrollments"))
    api.get(f"{API}/courses", json=page(COURSES))
    file = SimpleUploadedFile("emails.csv", wide(500), content_type="text/csv")
    data = {"emails": "kept@example.com", "courses": [3], "expiry_date": "2031-05-06T07:08"}

    response = client.post(ENROLL, {**data, "file": file})

    assert response.status_code == 422
    assert "Line 1 has 500 columns; up to 100 at a time." in field_error(response)
    assert "kept@example.com</textarea>" in response.text
    assert re.search(r'value="3"[^>]*checked', response.text)
    assert 'value="2031-05-06T07:08"' in response.text
    assert not Job.objects.exists()
