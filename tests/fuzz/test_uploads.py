"""Uploads of extreme shapes through the real upload views: the user import (then its
mapping page and form) and bulk enroll's CSV. Never a 500, every answer within the bound,
a refused upload keeps nothing, and an upload taken can be mapped and sent."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.conftest import FUZZ, row_counts, timed

ROOM = 2_300_000  # characters: a little past the 2 MB cap, where only the size is checked
MAPPING_PAGE_BOUND = 1_000_000  # bytes of HTML


@st.composite
def uploads(draw) -> bytes:
    """A CSV of any shape: columns, rows, cell sizes and contents, cells past the header,
    delimiters, line endings, encodings (UTF-16 too) and stray bytes anywhere."""
    columns = draw(st.sampled_from([1, 2, 99, 100, 101, 995, 1000, 40_000]) | st.integers(1, 120))
    rows = draw(st.sampled_from([0, 1, 10_000, 10_001]) | st.integers(0, 30))
    cell = draw(st.sampled_from([0, 10_000, 10_001, 150_000]) | st.integers(0, 30))
    extra = draw(st.sampled_from([0, 1, 3]))  # cells past the header's columns
    text = draw(st.text(min_size=1, max_size=6))  # quotes, NUL, line breaks, emoji, ...
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"]))
    cell = min(cell, ROOM // (columns + extra))
    value = (text * (cell // len(text) + 1))[:cell]
    tail = delimiter.join([value] * (columns - 1 + extra))
    rows = min(rows, ROOM // (len(tail) + 30))
    header = delimiter.join(["Email", *(f"Field {n}" for n in range(1, columns))])
    lines = [header, *(f"user{n}@example.com{delimiter}{tail}" for n in range(rows))]
    raw = (ending.join(lines) + ending).encode(encoding, "replace")
    junk = draw(
        st.sampled_from([b"", b"\x00", b"\xef\xbb\xbf", b"\x81", b'"']) | st.binary(max_size=4)
    )
    at = draw(st.integers(min_value=0, max_value=len(raw)))
    return raw[:at] + junk + raw[at:]


def _file(raw: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("upload.csv", raw, content_type="text/csv")


@FUZZ
@given(raw=uploads())
def test_any_upload_to_the_user_import(world, raw):
    form = f"/s/{world.school.slug}/jobs/new/import/"
    what = f"{len(raw):,} bytes, {raw[:60]!r}"
    before = row_counts()
    response = timed(
        "user import upload", what, lambda: world.client.post(form, {"file": _file(raw)})
    )
    if response.status_code != 302:
        assert response.status_code == 422, what
        assert row_counts() == before, "a refused upload kept something"
        return
    mapping = response["Location"]
    page = timed("user import mapping", what, lambda: world.client.get(mapping))
    assert page.status_code == 200 and len(page.content) < MAPPING_PAGE_BOUND, what
    columns = page.content.count(b'name="column_')
    chosen = {f"column_{n}": "" for n in range(columns)} | {"column_0": "email"}
    data = {**chosen, "on_existing": "skip"}
    sent = timed("user import dry run", what, lambda: world.client.post(mapping, data))
    assert sent.status_code in (302, 422), what  # 422: a mapping refused, with its reason


@FUZZ
@given(raw=uploads(), pasted=st.text(max_size=60))
def test_any_upload_to_bulk_enroll(world, raw, pasted):
    form = f"/s/{world.school.slug}/jobs/new/enroll/"
    what = f"{len(raw):,} bytes, {raw[:60]!r}"
    before = row_counts()
    data = {"emails": pasted, "file": _file(raw)}
    response = timed("bulk enroll upload", what, lambda: world.client.post(form, data))
    if response.status_code >= 400:
        assert row_counts() == before, "a refused upload kept something"
