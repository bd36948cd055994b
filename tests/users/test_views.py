"""Who may open the users pages, and how they fail: the shared resource cases."""

from tests.resource_cases import ResourceViewCases
from tests.users.conftest import API, DEFINITIONS, GROUPS, page_json


class TestUserViews(ResourceViewCases):
    resource = "users"
    record_ids = ("1",)
    extra_pages = [
        ("get", "users/lookup/?external_id=x&provider=SSO", "view_users"),
        ("get", "users/1/enrollments/", "view_enrollments"),
        ("get", "users/1/orders/", "view_orders"),
    ]
    valid_data = {
        "first_name": "Grace",
        "last_name": "Hopper",
        "email": "grace@example.com",
        "company": "Navy",
        "custom_profile_field_7": "London",
        "custom_profile_field_8": "555 0100",
    }
    rejected_field = "email"

    def mock_form_reads(self, api):
        api.get(f"{API}/custom_profile_field_definitions", json=page_json(DEFINITIONS))

    def mock_list_reads(self, api):
        api.get(f"{API}/custom_profile_field_definitions", json=page_json(DEFINITIONS))
        api.get(f"{API}/groups", json=page_json(GROUPS))


def test_login_is_needed(client, school):
    response = client.get("/s/baking/users/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
