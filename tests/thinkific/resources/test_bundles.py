from datetime import UTC, date, datetime

import pytest

from apps.thinkific import errors
from apps.thinkific.resources.bundles import Bundles
from apps.thinkific.resources.courses import Course
from apps.thinkific.resources.enrollments import Enrollment
from tests.thinkific.conftest import envelope

BUNDLE = {
    "id": 2,
    "name": "Baker's bundle",
    "description": None,
    "tagline": None,
    "banner_image_url": None,
    "course_ids": [4, 5],
    "bundle_card_image_url": "https://cdn.example.com/card.png",
}


def test_get(api, client):
    api.expect("GET", "/bundles/2", json=BUNDLE)

    assert client.bundles.get(2).course_ids == (4, 5)


def test_courses(api, client):
    api.expect(
        "GET",
        "/bundles/2/courses",
        query={"page": 1, "limit": 25},
        json=envelope([{"id": 4, "name": "Sourdough basics"}]),
    )

    course = client.bundles.courses(2).items[0]

    assert isinstance(course, Course)
    assert course.name == "Sourdough basics"


def test_enrollments_with_every_filter(api, client):
    api.expect(
        "GET",
        "/bundles/2/enrollments",
        query={
            "page": 1,
            "limit": 25,
            "query[user_id]": 1,
            "query[email]": "ada@example.com",
            "query[completed]": "false",
            "query[expired]": "true",
            "query[created_after]": "2024-01-01",
            "query[created_before]": "2024-02-01",
            "query[created_on]": "2024-01-15",
            "query[created_on_or_after]": "2024-01-02",
            "query[created_on_or_before]": "2024-01-31",
            "query[updated_after]": "2024-03-01",
            "query[updated_before]": "2024-04-01",
            "query[updated_on]": "2024-03-15",
            "query[updated_on_or_after]": "2024-03-02",
            "query[updated_on_or_before]": "2024-03-31",
        },
        json=envelope([{"id": 9, "user_id": 1, "course_id": 4}]),
    )

    page = client.bundles.enrollments(
        2,
        user_id=1,
        email="ada@example.com",
        completed=False,
        expired=True,
        created_after=date(2024, 1, 1),
        created_before=date(2024, 2, 1),
        created_on=date(2024, 1, 15),
        created_on_or_after=date(2024, 1, 2),
        created_on_or_before=date(2024, 1, 31),
        updated_after=date(2024, 3, 1),
        updated_before=date(2024, 4, 1),
        updated_on=date(2024, 3, 15),
        updated_on_or_after=date(2024, 3, 2),
        updated_on_or_before=date(2024, 3, 31),
    )

    assert isinstance(page.items[0], Enrollment)


def test_enrollments_refuse_a_filter_bundles_lack(client):
    with pytest.raises(TypeError, match="course_id"):
        client.bundles.enrollments(2, course_id=4)


def test_create_enrollment(api, client):
    api.expect(
        "POST",
        "/bundles/2/enrollments",
        sent={"user_id": 1, "activated_at": "2024-01-01T00:00:00Z"},
        status=202,
    )

    result = client.bundles.create_enrollment(
        2, user_id=1, activated_at=datetime(2024, 1, 1, tzinfo=UTC)
    )

    assert result is None


def test_create_enrollment_maps_field_errors(api, client):
    api.expect(
        "POST",
        "/bundles/2/enrollments",
        sent={"user_id": 0},
        status=422,
        json={"errors": {"user_id": ["can't be blank"]}},
    )

    with pytest.raises(errors.ValidationError) as caught:
        client.bundles.create_enrollment(2, user_id=0)
    assert caught.value.field_errors == {"user_id": ["can't be blank"]}


def test_update_enrollment(api, client):
    api.expect(
        "PUT",
        "/bundles/2/enrollments",
        sent={"user_id": 1, "expiry_date": "2025-01-01T00:00:00Z"},
        status=204,
    )

    client.bundles.update_enrollment(2, user_id=1, expiry_date=datetime(2025, 1, 1, tzinfo=UTC))


def test_bundles_have_no_list_and_no_writes():
    assert not any(hasattr(Bundles, name) for name in ("list", "create", "update", "delete"))
