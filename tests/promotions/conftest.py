import pytest

from tests.conftest import login_with
from tests.users.conftest import page_json

API = "https://api.thinkific.com/api/public/v1"
HTMX = {"HX-Request": "true"}
ALL = ("view_promotions", "add_promotions", "change_promotions", "delete_promotions")


def promotion_json(**fields):
    return {
        "id": 5,
        "name": "Spring sale",
        "description": "A quarter off.",
        "starts_at": "2025-03-01T08:00:00Z",
        "expires_at": "2025-04-01T08:00:00Z",
        "discount_type": "percentage",
        "amount": "25.0",
        "coupon_ids": [31, 32],
        "duration": None,
        "created_at": "2025-02-01T09:00:00Z",
        **fields,
    }


def product_json(**fields):
    return {
        "id": 7,
        "name": "Sourdough basics",
        "productable_type": "Course",
        "price": "49.0",
        "product_prices": [{"id": 70, "is_primary": True, "price": "49.0", "currency": "USD"}],
        **fields,
    }


PRODUCTS = [product_json(), product_json(id=8, name="Croissant masterclass")]


@pytest.fixture
def products(api):
    """The school's products, as Thinkific lists them (read once, then cached)."""
    api.get(f"{API}/products", json=page_json(PRODUCTS))
    return api


@pytest.fixture
def manager_client(client, staff):
    return login_with(client, staff, *ALL, "view_coupons", "add_coupons")


@pytest.fixture
def client_for_school(school):
    from apps.connections.services import client_for

    return client_for(school)
