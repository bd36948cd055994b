import pytest

from tests.conftest import login_with

API = "https://api.thinkific.com/api/public/v1"


def course_json(**fields):
    return {
        "id": 7,
        "name": "Sourdough Basics",
        "slug": "sourdough-basics",
        "subtitle": None,
        "product_id": 70,
        "description": "<p>Feed the starter.</p>",
        "course_card_text": "Bake your first loaf",
        "keywords": "bread, starter",
        "duration": None,
        "banner_image_url": None,
        "course_card_image_url": "https://cdn.example.com/sourdough.png",
        "administrator_user_ids": [12],
        "chapter_ids": [31, 32],
        "reviews_enabled": True,
        "user_id": 12,
        "instructor_id": 3,
        **fields,
    }


def chapter_json(**fields):
    return {
        "id": 31,
        "name": "The starter",
        "position": 1,
        "description": "Flour and water.",
        "duration_in_seconds": 600,
        "content_ids": [41, 42],
        **fields,
    }


def content_json(**fields):
    return {
        "id": 41,
        "name": "Feeding schedule",
        "position": 1,
        "chapter_id": 31,
        "contentable_type": "Lesson",
        "free": True,
        "take_url": "https://baking-school.thinkific.com/courses/take/sourdough-basics/lessons/41",
        **fields,
    }


def review_json(**fields):
    return {
        "id": 51,
        "course_id": 7,
        "user_id": 12,
        "rating": 4,
        "title": "Crusty",
        "review_text": "My loaf rose.",
        "approved": False,
        "created_at": "2024-05-02T10:00:00Z",
        **fields,
    }


@pytest.fixture
def viewer_client(client, staff):
    """Staff who may see courses, and the instructors, users and products they link to."""
    return login_with(client, staff, "view_courses", "view_instructors", "view_users")
