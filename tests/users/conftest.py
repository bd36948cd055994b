from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.conftest import grant

API = "https://api.thinkific.com/api/public/v1"
HTMX = {"HX-Request": "true"}
ALL = ("view_users", "add_users", "change_users", "delete_users")


def page_json(items, *, page=1, total=None, limit=25):
    total = len(items) if total is None else total
    pages = max(1, -(-total // limit))
    return {
        "items": items,
        "meta": {
            "pagination": {
                "current_page": page,
                "next_page": page + 1 if page < pages else None,
                "prev_page": page - 1 if page > 1 else None,
                "total_pages": pages,
                "total_items": total,
                "entries_info": "",
            }
        },
    }


def user_json(**fields):
    return {
        "id": 1,
        "first_name": "Ada",
        "last_name": "Lovelace",
        "full_name": "Ada Lovelace",
        "email": "ada@example.com",
        "company": "Analytical Engines",
        "roles": ["course_admin"],
        "avatar_url": None,
        "bio": "Wrote the first program.",
        "headline": "Mathematician",
        "affiliate_code": None,
        "affiliate_commission": None,
        "affiliate_commission_type": None,
        "affiliate_payout_email": None,
        "external_source": "hr-import",
        "administered_course_ids": [3, 4],
        "custom_profile_fields": [
            {"id": 11, "value": "London", "label": "City", "custom_profile_field_definition_id": 7}
        ],
        "created_at": "2024-03-01T10:00:00.000Z",
        **fields,
    }


DEFINITIONS = [
    {"id": 7, "label": "City", "field_type": "text", "required": False},
    {"id": 8, "label": "Phone", "field_type": "text", "required": True},
]
GROUPS = [{"id": 5, "name": "Night class", "token": "abcd1234"}]


@pytest.fixture
def definitions(api):
    """The school's custom profile field definitions, as Thinkific lists them."""
    api.get(f"{API}/custom_profile_field_definitions", json=page_json(DEFINITIONS))
    return api


@pytest.fixture
def lookups(definitions):
    """The definitions and the school's groups: what the list's filters offer."""
    definitions.get(f"{API}/groups", json=page_json(GROUPS))
    return definitions


@pytest.fixture
def client_for_school(school):
    from apps.connections.services import client_for

    return client_for(school)


@pytest.fixture
def manager(staff):
    """Staff who may do everything on the users pages, panels included."""
    return grant(staff, *ALL, "view_enrollments", "view_orders")


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def query_of(call) -> dict[str, str]:
    """The query parameters of a mocked call, as a dict."""
    return dict(parse_qsl(urlsplit(call.request.url).query))
