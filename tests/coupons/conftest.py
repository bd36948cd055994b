import pytest

from tests.conftest import login_with

API = "https://api.thinkific.com/api/public/v1"
HTMX = {"HX-Request": "true"}
ALL = ("view_coupons", "add_coupons", "change_coupons", "delete_coupons")


def coupon_json(**fields):
    return {
        "id": 31,
        "code": "SPRING25",
        "note": "For the newsletter",
        "quantity_used": 4,
        "quantity": 10,
        "promotion_id": 5,
        "created_at": "2025-02-02T09:00:00Z",
        **fields,
    }


@pytest.fixture
def manager_client(client, staff):
    return login_with(client, staff, *ALL)
