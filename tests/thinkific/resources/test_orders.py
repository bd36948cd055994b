from datetime import UTC, datetime
from decimal import Decimal

from apps.thinkific.resources.orders import Order, OrderItem, Orders
from tests.thinkific.conftest import envelope

ORDER = {
    "id": 19796,
    "created_at": "2024-01-26T22:23:18.400Z",
    "user_id": 123,
    "user_email": "ada@example.com",
    "user_name": "Ada Lovelace",
    "product_id": 1,
    "product_name": "Sourdough basics",
    "amount_dollars": "50.0",
    "amount_cents": 5000,
    "subscription": False,
    "coupon_code": None,
    "coupon_id": None,
    "affiliate_referral_code": None,
    "status": "complete",
    "items": [
        {
            "product_id": 1,
            "product_name": "Sourdough basics",
            "amount_dollars": 50,
            "amount_cents": 5000,
        }
    ],
}


def test_list(api, client):
    api.expect("GET", "/orders", query={"page": 1, "limit": 100}, json=envelope([ORDER]))

    order = client.orders.list(limit=100).items[0]

    assert order.amount_dollars == Decimal("50.0")
    assert order.items == (
        OrderItem(
            product_id=1,
            product_name="Sourdough basics",
            amount_dollars=Decimal(50),
            amount_cents=5000,
        ),
    )


def test_all(api, client):
    api.expect("GET", "/orders", query={"page": 1, "limit": 250}, json=envelope([ORDER]))

    assert [o.id for o in client.orders.all()] == [19796]


def test_get(api, client):
    api.expect("GET", "/orders/19796", json=ORDER)

    assert client.orders.get(19796).status == "complete"


def test_orders_are_read_only():
    assert not any(hasattr(Orders, name) for name in ("create", "update", "delete"))


def test_the_specs_created_at_spelling_is_read_too():
    order = Order.from_api({"id": 1, "created at": "2024-01-26T22:23:18Z"})

    assert order.created_at == datetime(2024, 1, 26, 22, 23, 18, tzinfo=UTC)
