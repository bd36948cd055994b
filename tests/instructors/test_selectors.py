from responses import matchers

from apps.instructors import selectors
from tests.instructors.conftest import API, instructor_json
from tests.users.conftest import page_json


def test_instructor_list_is_one_page(api, client_for_school):
    api.get(
        f"{API}/instructors",
        match=[matchers.query_param_matcher({"page": "3", "limit": "50"})],
        json=page_json([instructor_json()], page=3, total=120, limit=50),
    )

    page = selectors.instructor_list(client=client_for_school, page=3, limit=50)

    assert [i.name for i in page] == ["Paul Hollywood"]
    assert (page.total_items, page.prev_page, page.next_page) == (120, 2, None)


def test_instructor_get(api, client_for_school):
    api.get(f"{API}/instructors/3", json=instructor_json())

    instructor = selectors.instructor_get(client=client_for_school, instructor_id=3)

    assert (instructor.slug, instructor.user_id) == ("paul-hollywood", 12)
