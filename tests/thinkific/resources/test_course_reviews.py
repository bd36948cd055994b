import pytest

from apps.thinkific import errors
from apps.thinkific.resources.course_reviews import CourseReviews
from tests.thinkific.conftest import envelope

REVIEW = {
    "id": 3,
    "rating": "5",
    "title": "Great",
    "review_text": "Loved the starters chapter.",
    "user_id": 1,
    "course_id": 4,
    "approved": True,
    "created_at": "2024-01-01T00:00:00Z",
}
FIELDS = {"rating": 5, "title": "Great", "review_text": "Loved it", "user_id": 1, "approved": True}


def test_list_names_the_course(api, client):
    api.expect(
        "GET",
        "/course_reviews",
        query={"course_id": 4, "page": 1, "limit": 25},
        json=envelope([REVIEW]),
    )

    assert client.course_reviews.list(4).items[0].rating == 5


def test_list_only_approved(api, client):
    api.expect(
        "GET",
        "/course_reviews",
        query={"course_id": 4, "approved": "true", "page": 2, "limit": 10},
        json=envelope([REVIEW]),
    )

    client.course_reviews.list(4, approved=True, page=2, limit=10)


def test_all(api, client):
    api.expect(
        "GET",
        "/course_reviews",
        query={"course_id": 4, "page": 1, "limit": 250},
        json=envelope([REVIEW]),
    )

    assert [r.id for r in client.course_reviews.all(4)] == [3]


def test_get(api, client):
    api.expect("GET", "/course_reviews/3", json=REVIEW)

    assert client.course_reviews.get(3).approved is True


def test_create(api, client):
    api.expect(
        "POST", "/course_reviews", query={"course_id": 4}, sent=FIELDS, status=201, json=REVIEW
    )

    assert client.course_reviews.create(4, **FIELDS).id == 3


def test_create_for_a_missing_course_is_not_found(api, client):
    api.expect(
        "POST",
        "/course_reviews",
        query={"course_id": 404},
        sent=FIELDS,
        status=404,
        json={"error": "Record not found."},
    )

    with pytest.raises(errors.NotFoundError):
        client.course_reviews.create(404, **FIELDS)


def test_reviews_cannot_be_changed_or_deleted():
    assert not any(hasattr(CourseReviews, name) for name in ("update", "delete"))
