import pytest

from tests.conftest import login_with

API = "https://api.thinkific.com/api/public/v1"


def order_json(**fields):
    return {
        "id": 1001,
        "created_at": "2026-03-04T23:30:00.000Z",
        "user_id": 1,
        "user_email": "ada@example.com",
        "user_name": "Ada Lovelace",
        "product_name": "Sourdough Basics",
        "product_id": 5,
        "amount_dollars": "29.00",
        "amount_cents": 2900,
        "subscription": False,
        "coupon_code": "SPRING",
        "coupon_id": 70,
        "affiliate_referral_code": "PAULREF",
        "status": "complete",
        "items": [
            {
                "product_id": 5,
                "product_name": "Sourdough Basics",
                "amount_dollars": "29.00",
                "amount_cents": 2900,
            }
        ],
        **fields,
    }


def product_json(**fields):
    return {
        "id": 5,
        "name": "Sourdough Basics",
        "product_prices": [{"id": 9, "is_primary": True, "price": "29.0", "currency": "CAD"}],
        **fields,
    }


@pytest.fixture
def viewer(client, staff):
    return login_with(client, staff, "view_orders", "view_users")


@pytest.fixture
def tokyo(staff):
    """The staff member reads times in Tokyo (UTC+9)."""
    from apps.core.models import Preference

    Preference.objects.create(user=staff, time_zone="Asia/Tokyo")
