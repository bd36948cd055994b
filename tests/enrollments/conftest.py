import pytest

from tests.conftest import login_with

API = "https://api.thinkific.com/api/public/v1"
ALL = ("view_enrollments", "add_enrollments", "change_enrollments")
COURSES = [{"id": 3, "name": "Sourdough Basics"}, {"id": 4, "name": "Choux Pastry"}]


def enrollment_json(**fields):
    return {
        "id": 55,
        "user_id": 1,
        "user_email": "ada@example.com",
        "user_name": "Ada Lovelace",
        "course_id": 3,
        "course_name": "Sourdough Basics",
        "product_id": 9,
        "percentage_completed": 0.75,
        "completed": False,
        "expired": False,
        "is_free_trial": False,
        "activated_at": "2026-03-04T23:30:00.000Z",
        "started_at": "2026-03-05T01:00:00.000Z",
        "completed_at": None,
        "expiry_date": "2026-12-31T15:00:00.000Z",
        "created_at": "2026-03-04T23:30:00.000Z",
        "updated_at": "2026-03-06T10:00:00.000Z",
        **fields,
    }


@pytest.fixture
def manager_client(client, staff):
    return login_with(client, staff, *ALL, "view_users", "view_events")


@pytest.fixture
def tokyo(staff):
    """The staff member reads and types times in Tokyo (UTC+9)."""
    from apps.core.models import Preference

    Preference.objects.create(user=staff, time_zone="Asia/Tokyo")
