import pytest

from tests.conftest import login_with

API = "https://api.thinkific.com/api/public/v1"
ALL = ("view_categories", "add_categories", "change_categories", "delete_categories")


def category_json(**fields):
    return {
        "id": 3,
        "name": "Bread",
        "description": "Loaves, rolls and\nflatbreads.",
        "slug": "bread",
        "created_at": "2024-02-01T09:00:00Z",
        "product_ids": [5, 6],
        "default": False,
        **fields,
    }


def product_json(**fields):
    return {
        "id": 5,
        "name": "Sourdough 101",
        "slug": "sourdough-101",
        "status": "published",
        "productable_id": 50,
        "productable_type": "Course",
        "price": "29.0",
        "private": False,
        "hidden": False,
        "collection_ids": [3],
        "product_prices": [],
        "created_at": "2024-01-05T09:00:00Z",
        **fields,
    }


@pytest.fixture
def manager_client(client, staff):
    return login_with(client, staff, *ALL)
