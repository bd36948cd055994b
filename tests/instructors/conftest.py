import pytest

API = "https://api.thinkific.com/api/public/v1"


def instructor_json(**fields):
    return {
        "id": 3,
        "user_id": 12,
        "title": "Head baker",
        "first_name": "Paul",
        "last_name": "Hollywood",
        "bio": "Bakes bread.",
        "slug": "paul-hollywood",
        "avatar_url": "https://cdn.example.com/paul.png",
        "email": "paul@example.com",
        "created_at": "2024-02-01T09:00:00Z",
        **fields,
    }


@pytest.fixture
def client_for_school(school):
    from apps.connections.services import client_for

    return client_for(school)
