"""The Admin API list envelope: page/limit, meta.pagination, ends and edges."""

import pytest

from tests.sandbox import factories


@pytest.fixture
def users(school):
    return [factories.user(school) for _ in range(30)]


def pagination(response) -> dict:
    assert response.status_code == 200, response.content
    return response.json()["meta"]["pagination"]


def test_first_page_by_default_25_items(api, users):
    response = api.get("users")
    data = response.json()
    assert len(data["items"]) == 25
    assert pagination(response) == {
        "current_page": 1,
        "next_page": 2,
        "prev_page": None,
        "total_pages": 2,
        "total_items": 30,
        "entries_info": "1-25 of 30",
    }


def test_last_page(api, users):
    response = api.get("users", {"page": 2})
    assert len(response.json()["items"]) == 5
    assert pagination(response) == {
        "current_page": 2,
        "next_page": None,
        "prev_page": 1,
        "total_pages": 2,
        "total_items": 30,
        "entries_info": "26-30 of 30",
    }


def test_items_sorted_by_ascending_id(api, users):
    ids = [item["id"] for item in api.get("users", {"limit": 250}).json()["items"]]
    assert ids == sorted(ids) == [user.pk for user in users]


def test_limit(api, users):
    response = api.get("users", {"limit": 7, "page": 3})
    assert [i["id"] for i in response.json()["items"]] == [u.pk for u in users[14:21]]
    assert pagination(response)["total_pages"] == 5


def test_limit_above_250_is_clamped(api, school):
    for _ in range(260):
        factories.user(school)
    response = api.get("users", {"limit": 1000})
    assert len(response.json()["items"]) == 250
    assert pagination(response)["total_pages"] == 2


@pytest.mark.parametrize("page", ["0", "-1", "abc", ""])
def test_bad_page_is_page_one(api, users, page):
    assert pagination(api.get("users", {"page": page}))["current_page"] == 1


@pytest.mark.parametrize("limit", ["0", "-5", "many"])
def test_bad_limit_is_25(api, users, limit):
    assert len(api.get("users", {"limit": limit}).json()["items"]) == 25


def test_page_past_the_end_is_empty_with_the_same_meta(api, users):
    response = api.get("users", {"page": 9})
    assert response.json()["items"] == []
    assert pagination(response) == {
        "current_page": 9,
        "next_page": None,
        "prev_page": 8,
        "total_pages": 2,
        "total_items": 30,
        "entries_info": "0-0 of 30",
    }


def test_empty_list(api):
    response = api.get("users")
    assert response.json()["items"] == []
    assert pagination(response) == {
        "current_page": 1,
        "next_page": None,
        "prev_page": None,
        "total_pages": 0,
        "total_items": 0,
        "entries_info": "0-0 of 0",
    }


def test_totals_follow_writes(api, school, users):
    """Totals are cached; a create or delete must show at once."""
    assert pagination(api.get("users"))["total_items"] == 30
    api.post("users", {"first_name": "New", "last_name": "One", "email": "new@example.com"})
    assert pagination(api.get("users"))["total_items"] == 31
    assert api.delete(f"users/{users[0].pk}").status_code == 204
    assert pagination(api.get("users"))["total_items"] == 30
