from apps.thinkific.resources.chapters import Chapter
from apps.thinkific.resources.courses import Courses
from tests.thinkific.conftest import envelope

COURSE = {
    "id": 4,
    "name": "Sourdough basics",
    "slug": "sourdough",
    "subtitle": None,
    "product_id": "7",
    "description": "<p>Bread</p>",
    "keywords": "bread",
    "duration": "2 hours",
    "course_card_image_url": None,
    "administrator_user_ids": [1, 2],
    "chapter_ids": [10, 11],
    "reviews_enabled": True,
    "user_id": 1,
    "instructor_id": 3,
}
CHAPTER = {
    "id": 10,
    "name": "Starters",
    "position": 0,
    "description": None,
    "duration_in_seconds": "600",
    "content_ids": [100, 101],
}


def test_list(api, client):
    api.expect("GET", "/courses", query={"page": 1, "limit": 25}, json=envelope([COURSE]))

    course = client.courses.list().items[0]

    assert (course.product_id, course.chapter_ids) == (7, (10, 11))
    assert course.reviews_enabled is True


def test_all(api, client):
    api.expect("GET", "/courses", query={"page": 1, "limit": 250}, json=envelope([COURSE]))

    assert [c.slug for c in client.courses.all()] == ["sourdough"]


def test_get(api, client):
    api.expect("GET", "/courses/4", json=COURSE)

    assert client.courses.get(4).instructor_id == 3


def test_chapters(api, client):
    api.expect(
        "GET", "/courses/4/chapters", query={"page": 1, "limit": 250}, json=envelope([CHAPTER])
    )

    page = client.courses.chapters(4, limit=250)

    assert page.items == [Chapter.from_api(CHAPTER)]
    assert page.items[0].duration_in_seconds == 600


def test_courses_are_read_only():
    assert not any(hasattr(Courses, name) for name in ("create", "update", "delete"))
