from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from apps.thinkific import errors
from apps.thinkific.resources.enrollments import Enrollments
from tests.thinkific.conftest import envelope

ENROLLMENT = {
    "id": 1,
    "user_email": "ada@example.com",
    "user_name": "Ada Lovelace",
    "user_id": 1,
    "course_name": "Sourdough basics",
    "course_id": 4,
    "product_id": 7,
    "percentage_completed": "0.75",
    "expired": False,
    "is_free_trial": False,
    "completed": False,
    "started_at": "2024-01-01T01:01:00Z",
    "activated_at": "2024-01-01T01:01:00Z",
    "completed_at": None,
    "updated_at": "2024-01-31T01:01:00Z",
    "created_at": "2024-01-01T01:00:00.000Z",
    "expiry_date": None,
}


def test_list_sends_every_filter(api, client):
    api.expect(
        "GET",
        "/enrollments",
        query={
            "page": 1,
            "limit": 25,
            "query[user_id]": 1,
            "query[course_id]": 4,
            "query[email]": "ada@example.com",
            "query[free_trial]": "false",
            "query[full]": "true",
            "query[completed]": "true",
            "query[expired]": "false",
            "query[created_on]": "2021-04-27",
            "query[created_before]": "2021-04-28",
            "query[created_on_or_before]": "2021-04-29",
            "query[created_after]": "2021-04-01T00:00:00Z",
            "query[created_on_or_after]": "2021-04-02",
            "query[updated_on]": "2021-05-01",
            "query[updated_before]": "2021-05-02",
            "query[updated_on_or_before]": "2021-05-03",
            "query[updated_after]": "2021-05-04T10:00:00Z",
        },
        json=envelope([ENROLLMENT]),
    )

    page = client.enrollments.list(
        user_id=1,
        course_id=4,
        email="ada@example.com",
        free_trial=False,
        full=True,
        completed=True,
        expired=False,
        created_on=date(2021, 4, 27),
        created_before="2021-04-28",
        created_on_or_before=date(2021, 4, 29),
        created_after=datetime(2021, 4, 1, tzinfo=UTC),
        created_on_or_after=date(2021, 4, 2),
        updated_on=date(2021, 5, 1),
        updated_before=date(2021, 5, 2),
        updated_on_or_before=date(2021, 5, 3),
        updated_after=datetime(2021, 5, 4, 12, tzinfo=ZoneInfo("Europe/Paris")),  # sent as UTC
    )

    enrollment = page.items[0]
    assert enrollment.percentage_completed == Decimal("0.75")
    assert enrollment.expiry_date is None


def test_list_refuses_a_filter_only_bundles_offer(client):
    with pytest.raises(TypeError, match="updated_on_or_after"):
        client.enrollments.list(updated_on_or_after=date(2021, 1, 1))


def test_all(api, client):
    api.expect(
        "GET",
        "/enrollments",
        query={"page": 1, "limit": 250, "query[course_id]": 4},
        json=envelope([ENROLLMENT]),
    )

    assert [e.id for e in client.enrollments.all(course_id=4)] == [1]


def test_get(api, client):
    api.expect("GET", "/enrollments/1", json=ENROLLMENT)

    enrollment = client.enrollments.get(1)

    assert enrollment.activated_at == datetime(2024, 1, 1, 1, 1, tzinfo=UTC)
    assert enrollment.course_name == "Sourdough basics"


def test_create(api, client):
    api.expect(
        "POST",
        "/enrollments",
        sent={"course_id": 4, "user_id": 1, "activated_at": "2024-01-01T00:00:00Z"},
        status=201,
        json=ENROLLMENT,
    )

    enrollment = client.enrollments.create(
        course_id=4, user_id=1, activated_at=datetime(2024, 1, 1, tzinfo=UTC), expiry_date=None
    )

    assert enrollment.id == 1


def test_create_sends_the_calendars_ends_as_thinkific_writes_them(api, client):
    api.expect(
        "POST",
        "/enrollments",
        sent={
            "course_id": 4,
            "user_id": 1,
            "activated_at": "0001-01-01T00:00:00Z",  # strftime wrote "1-01-01T00:00:00Z"
            "expiry_date": "9999-12-31T23:59:59Z",
        },
        status=201,
        json=ENROLLMENT,
    )

    client.enrollments.create(
        course_id=4,
        user_id=1,
        activated_at=datetime.min.replace(tzinfo=UTC),
        expiry_date=datetime.max.replace(tzinfo=UTC),
    )


def test_create_maps_the_list_shaped_422(api, client):
    api.expect(
        "POST",
        "/enrollments",
        sent={"course_id": 404, "user_id": 1},
        status=422,
        json={"errors": ["Course could not be found."]},
    )

    with pytest.raises(errors.ValidationError) as caught:
        client.enrollments.create(course_id=404, user_id=1)
    assert caught.value.non_field_errors == ["Course could not be found."]


def test_update_can_clear_the_expiry_date(api, client):
    api.expect("PUT", "/enrollments/1", sent={"expiry_date": None}, status=204)

    client.enrollments.update(1, expiry_date=None)


def test_expire_sets_the_expiry_date_a_little_in_the_past(api, client):
    now = datetime.now(UTC)

    def minutes_ago(body):
        expiry = datetime.fromisoformat(body["expiry_date"])
        return list(body) == ["expiry_date"] and (
            now - timedelta(minutes=6) <= expiry <= now - timedelta(minutes=4)
        )

    api.expect("PUT", "/enrollments/1", sent=minutes_ago, status=204)

    client.enrollments.expire(1)


def test_expire_at_a_given_past_moment(api, client):
    api.expect("PUT", "/enrollments/1", sent={"expiry_date": "2024-01-02T03:04:05Z"}, status=204)

    client.enrollments.expire(1, at=datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC))


def test_expire_refuses_a_future_moment(client):
    with pytest.raises(ValueError, match="past"):
        client.enrollments.expire(1, at=datetime.now(UTC) + timedelta(days=1))


def test_enrollments_cannot_be_deleted():
    assert not hasattr(Enrollments, "delete")
