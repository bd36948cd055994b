"""The instructors' CSV: from the school's index, searched and sorted as the list shows
them, every page; while the index is being built, the list (live) offers none."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.connections.models import Connection
from apps.index import records, storing
from apps.index.models import IndexedInstructor, SchoolIndex
from apps.thinkific.resources.instructors import Instructor
from tests.conftest import login_with
from tests.instructors.conftest import API, instructor_json
from tests.users.conftest import page_json

NAMES = ["Ann Able", "Bob Baker", "Cy Cole", "Dee Drake"]


def index_ready(school) -> None:
    """The school's index built a minute ago, so no page asks for a sync."""
    now = timezone.now()
    SchoolIndex.objects.create(
        connection=school,
        ready_at=now,
        last_full_at=now,
        enrollments_through=now,
        lease_until=now + timedelta(hours=1),
    )


def store(school, *names: str, **fields) -> None:
    """Instructors as Thinkific lists them, put in the index the way its sync does."""
    rows = [
        records.instructor_row(
            Instructor.from_api(
                instructor_json(
                    id=100 + n,
                    first_name=name.split()[0],
                    last_name=name.split()[1],
                    email=f"{name.split()[0].lower()}@example.com",
                    slug=name.lower().replace(" ", "-"),
                    user_id=None if n else 12,
                    **fields,
                )
            )
        )
        for n, name in enumerate(names)
    ]
    storing.store(IndexedInstructor, school.pk, rows)


@pytest.fixture
def viewer(client, staff):
    return login_with(client, staff, "view_instructors")


def lines_of(response) -> list[list[str]]:
    assert response.status_code == 200, response.content[:500]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def test_the_list_s_search_and_order_on_every_page(viewer, school, api, settings):
    settings.TIME_ZONE = "Asia/Kolkata"
    index_ready(school)
    store(school, *NAMES)

    response = viewer.get("/s/baking/instructors/export.csv?q=e&sort=-name&page=2&limit=25")

    assert response["Content-Disposition"] == 'attachment; filename="baking-instructors.csv"'
    lines = lines_of(response)
    assert lines[0] == [
        "id",
        "first_name",
        "last_name",
        "email",
        "title",
        "slug",
        "user_id",
        "created_at",
    ]
    # Every one of them holds an "e"; by name, last first, on every page of the list.
    assert [line[1] for line in lines[1:]] == ["Dee", "Cy", "Bob", "Ann"]
    assert lines[-1] == [
        "100",
        "Ann",
        "Able",
        "ann@example.com",
        "Head baker",
        "ann-able",
        "12",
        "2024-02-01T14:30:00+05:30",
    ]
    assert lines[1][6] == ""  # no user
    assert len(api.calls) == 0  # the index, not Thinkific


def test_a_search_keeps_only_its_matches(viewer, school):
    index_ready(school)
    store(school, *NAMES)

    lines = lines_of(viewer.get("/s/baking/instructors/export.csv?q=bak"))

    assert [line[2] for line in lines[1:]] == ["Baker"]


def test_another_school_s_instructors_never_come(viewer, school):
    elsewhere = Connection.objects.create(
        name="Other", slug="other", subdomain="other", api_key="o" * 32
    )
    index_ready(school)
    index_ready(elsewhere)
    store(school, "Ann Able")
    store(elsewhere, "Zed Zane")

    lines = lines_of(viewer.get("/s/baking/instructors/export.csv"))

    assert [line[1] for line in lines[1:]] == ["Ann"]
    assert viewer.get("/s/other/instructors/export.csv").status_code == 404


def test_the_list_from_the_index_links_its_csv_with_its_filters(viewer, school):
    index_ready(school)
    store(school, *NAMES)

    page = viewer.get("/s/baking/instructors/?q=a&sort=-name&page=1").content.decode()

    assert 'href="/s/baking/instructors/export.csv?q=a&amp;sort=-name"' in page


def test_while_the_index_is_built_the_live_list_has_no_csv(viewer, school, api):
    api.get(f"{API}/instructors", json=page_json([instructor_json()]))

    page = viewer.get("/s/baking/instructors/").content.decode()
    response = viewer.get("/s/baking/instructors/export.csv")

    assert "Paul Hollywood" in page and "export.csv" not in page
    assert response.status_code == 302 and response["Location"] == "/s/baking/instructors/"
