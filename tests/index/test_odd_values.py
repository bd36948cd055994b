"""Records with odd but valid values (Thinkific types its numbers as any "number") kept in
the index: what its columns cannot hold is unknown there, never an error, and the lists
and CSVs built from it are whole."""

import csv
import io

import pytest
from django.utils import timezone

from apps.index import events, records, storing
from apps.index.models import IndexedEnrollment, IndexedName, IndexedUser, SchoolIndex
from apps.thinkific.resources.courses import Course
from apps.thinkific.resources.enrollments import Enrollment
from apps.thinkific.resources.users import User
from tests.conftest import login_with
from tests.users.conftest import API, page_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer(client, staff, school, api):
    SchoolIndex.objects.create(connection=school, ready_at=timezone.now())
    for path in ("courses", "custom_profile_field_definitions", "groups"):  # the filters' choices
        api.get(f"{API}/{path}", json=page_json([]))
    api.assert_all_requests_are_fired = False
    return login_with(client, staff, "view_enrollments", "view_users")


def enrollment(**fields) -> dict:
    row = {"id": 1, "user_id": 7, "user_name": "Ada", "course_id": 3, "course_name": "Bread"}
    return records.enrollment_row(Enrollment.from_api({**row, **fields}))


def test_a_progress_of_1000_or_more_is_unknown_in_the_index_and_the_list_is_whole(viewer, school):
    rows = [
        enrollment(id=1, percentage_completed=1000),
        enrollment(id=2, percentage_completed="1e300", user_id=2**64),
        enrollment(id=3, percentage_completed=-999.99995),
        enrollment(id=4, percentage_completed=0.5),
    ]
    assert storing.store(IndexedEnrollment, school.pk, rows) == 4

    kept = dict(IndexedEnrollment.objects.values_list("thinkific_id", "percentage_completed"))
    assert kept == {1: None, 2: None, 3: None, 4: pytest.approx(0.5)}
    assert IndexedEnrollment.objects.get(thinkific_id=2).user_id is None
    page = viewer.get("/s/baking/enrollments/")
    assert page.status_code == 200 and page.content.decode().count("Ada") == 4
    lines = list(
        csv.reader(
            io.StringIO(
                b"".join(viewer.get("/s/baking/enrollments/export.csv").streaming_content).decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert len(lines) == 5


def test_a_record_whose_id_the_index_cannot_hold_stays_out_of_it(viewer, school):
    users = [User.from_api({"id": odd, "full_name": "Odd"}) for odd in (2**63, -(2**63) - 1, 2.5)]
    users.append(User.from_api({"id": -7, "full_name": "Negative but whole"}))

    assert storing.store(IndexedUser, school.pk, map(records.user_row, users)) == 1
    assert (
        events.event_apply(
            connection_id=school.pk,
            topic="user.updated",
            payload={"id": 2**63, "first_name": "Odd"},
        )
        == []
    )
    courses = [
        Course.from_api({"id": 2**64, "name": "Huge"}),
        Course.from_api({"id": 0, "name": "Zero"}),
    ]
    assert storing.store(IndexedName, school.pk, map(records.name_row("course"), courses)) == 1
    assert storing.remove(records.BY_NAME["courses"], school.pk, [2**64, 0]) == 1

    page = viewer.get("/s/baking/users/").content.decode()
    assert "Negative but whole" in page and 'href="/s/baking/users/-7/' not in page
