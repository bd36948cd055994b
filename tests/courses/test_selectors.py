import pytest

from apps.courses import selectors
from tests.courses.conftest import API
from tests.instructors.conftest import instructor_json
from tests.users.conftest import page_json


@pytest.fixture
def client_for_school(school):
    from apps.connections.services import client_for

    return client_for(school)


def test_instructor_names_are_kept_per_connection(api, school, client_for_school):
    api.get(
        f"{API}/instructors",
        json=page_json([instructor_json(), instructor_json(id=4, first_name="Prue", last_name="")]),
    )

    names = selectors.instructor_names(client=client_for_school, connection_id=school.pk)
    selectors.instructor_names(client=client_for_school, connection_id=school.pk)
    selectors.instructor_names(client=client_for_school, connection_id=school.pk + 1)

    assert names == {3: "Paul Hollywood", 4: "Prue"}
    assert len(api.calls) == 2  # once per connection


def test_a_course_without_an_instructor_asks_thinkific_nothing(api, client_for_school):
    assert selectors.course_instructor(client=client_for_school, instructor_id=None) is None
    assert len(api.calls) == 0
