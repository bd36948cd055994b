import pytest
from responses import matchers

from apps.instructors import services
from apps.thinkific import errors
from tests.instructors.conftest import API, instructor_json


def test_instructor_create(api, client_for_school):
    body = {"first_name": "Paul", "last_name": "Hollywood", "slug": "paul", "user_id": 12}
    api.post(
        f"{API}/instructors",
        status=201,
        match=[matchers.json_params_matcher(body)],
        json=instructor_json(),
    )

    instructor = services.instructor_create(client=client_for_school, **body)

    assert instructor.id == 3


def test_instructor_create_raises_field_errors(api, client_for_school):
    api.post(f"{API}/instructors", status=422, json={"errors": {"last_name": ["can't be blank"]}})

    with pytest.raises(errors.ValidationError) as caught:
        services.instructor_create(client=client_for_school, first_name="P", last_name="", slug="p")

    assert caught.value.field_errors == {"last_name": ["can't be blank"]}


def test_instructor_update_sends_null_to_clear_the_user(api, client_for_school):
    api.put(
        f"{API}/instructors/3",
        status=204,
        match=[matchers.json_params_matcher({"first_name": "P", "user_id": None})],
    )

    services.instructor_update(
        client=client_for_school, instructor_id=3, first_name="P", user_id=None
    )


def test_instructor_delete(api, client_for_school):
    api.delete(f"{API}/instructors/3", status=204)

    services.instructor_delete(client=client_for_school, instructor_id=3)

    assert len(api.calls) == 1
