import pytest

from tests.conftest import login_with

API = "https://api.thinkific.com/api/public/v1"


def price_json(**fields):
    return {
        "id": 81,
        "is_primary": True,
        "payment_type": "one-time",
        "label": None,
        "price": "29.0",
        "days_until_expiry": None,
        "pay_button_text": None,
        "number_of_payments": None,
        "interval": None,
        "interval_count": None,
        "trial_interval": None,
        "trial_interval_count": None,
        "custom_first_price": None,
        "price_name": "Sourdough Basics",
        "currency": "USD",
        **fields,
    }


def product_json(**fields):
    return {
        "id": 70,
        "created_at": "2024-01-05T09:00:00Z",
        "productable_id": 7,
        "productable_type": "Course",
        "price": "29.0",
        "position": 1,
        "status": "published",
        "name": "Sourdough Basics",
        "private": False,
        "hidden": False,
        "subscription": False,
        "days_until_expiry": None,
        "has_certificate": True,
        "keywords": "bread",
        "seo_title": "Learn sourdough",
        "seo_description": "Bake at home",
        "collection_ids": [1, 5],
        "related_product_ids": [71],
        "description": "<p>Feed the starter.</p>",
        "card_image_url": "https://cdn.example.com/sourdough.png",
        "slug": "sourdough-basics",
        "instructor_names": "Paul Hollywood",
        "product_prices": [price_json()],
        **fields,
    }


def collection_json(**fields):
    return {
        "id": 5,
        "name": "Bread",
        "description": "Loaves",
        "slug": "bread",
        "default": False,
        "product_ids": [70, 72],
        "created_at": "2024-01-01T09:00:00Z",
        **fields,
    }


@pytest.fixture
def viewer_client(client, staff):
    """Staff who may see products, and the courses and categories they link to."""
    return login_with(client, staff, "view_products", "view_courses", "view_categories")


@pytest.fixture
def client_for_school(school):
    from apps.connections.services import client_for

    return client_for(school)
