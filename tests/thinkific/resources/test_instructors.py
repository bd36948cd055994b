from datetime import UTC, datetime

import pytest

from apps.thinkific import errors
from apps.thinkific.resources.instructors import Instructor
from tests.thinkific.conftest import envelope

INSTRUCTOR = {
    "id": 1,
    "user_id": 12,
    "title": "Dr.",
    "first_name": "Grace",
    "last_name": "Hopper",
    "bio": "Compilers.",
    "slug": "grace",
    "avatar_url": None,
    "email": "grace@example.com",
    "created_at": "2018-01-01T01:01:00Z",
}
FIELDS = {"first_name": "Grace", "last_name": "Hopper", "slug": "grace", "user_id": 12}


def test_list(api, client):
    api.expect("GET", "/instructors", query={"page": 3, "limit": 10}, json=envelope([INSTRUCTOR]))

    page = client.instructors.list(page=3, limit=10)

    assert page.items == [Instructor.from_api(INSTRUCTOR)]
    assert page.items[0].name == "Grace Hopper"


def test_all(api, client):
    api.expect("GET", "/instructors", query={"page": 1, "limit": 250}, json=envelope([INSTRUCTOR]))

    assert [i.slug for i in client.instructors.all()] == ["grace"]


def test_get(api, client):
    api.expect("GET", "/instructors/1", json=INSTRUCTOR)

    instructor = client.instructors.get(1)

    assert instructor.created_at == datetime(2018, 1, 1, 1, 1, tzinfo=UTC)
    assert instructor.user_id == 12


def test_create(api, client):
    api.expect("POST", "/instructors", sent=FIELDS, status=201, json=INSTRUCTOR)

    assert client.instructors.create(**FIELDS, bio=None).id == 1


def test_create_maps_a_list_of_general_errors(api, client):
    api.expect(
        "POST",
        "/instructors",
        sent=FIELDS,
        status=422,
        json={"errors": ["Instructor could not be found"]},
    )

    with pytest.raises(errors.ValidationError) as caught:
        client.instructors.create(**FIELDS)
    assert caught.value.non_field_errors == ["Instructor could not be found"]


def test_update(api, client):
    api.expect("PUT", "/instructors/1", sent={**FIELDS, "title": "Rear Admiral"}, status=204)

    assert client.instructors.update(1, **FIELDS, title="Rear Admiral") is None


def test_delete(api, client):
    api.expect("DELETE", "/instructors/1", status=204)

    client.instructors.delete(1)
