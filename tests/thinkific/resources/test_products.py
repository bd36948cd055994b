from decimal import Decimal

from apps.thinkific.resources.products import Products
from tests.thinkific.conftest import envelope

PRODUCT = {
    "id": 7,
    "created_at": "2024-01-01T00:00:00Z",
    "productable_id": 4,
    "productable_type": "Course",
    "price": "49.0",
    "position": 0,
    "status": "published",
    "name": "Sourdough basics",
    "private": False,
    "hidden": None,
    "subscription": False,
    "days_until_expiry": None,
    "has_certificate": True,
    "collection_ids": [1],
    "related_product_ids": [8],
    "instructor_names": "Grace Hopper",
    "slug": "sourdough",
    "product_prices": [
        {
            "id": 70,
            "is_primary": True,
            "payment_type": "payment-plan",
            "label": None,
            "price": "20.0",
            "days_until_expiry": None,
            "number_of_payments": "3",
            "interval": "month",
            "interval_count": "1",
            "currency": "usd",
        }
    ],
}


def test_list(api, client):
    api.expect("GET", "/products", query={"page": 1, "limit": 25}, json=envelope([PRODUCT]))

    product = client.products.list().items[0]

    assert product.price == Decimal("49.0")
    assert product.hidden is False
    price = product.product_prices[0]
    assert (price.price, price.number_of_payments, price.interval_count) == (Decimal(20), 3, 1)


def test_all(api, client):
    api.expect("GET", "/products", query={"page": 1, "limit": 250}, json=envelope([PRODUCT]))

    assert [p.id for p in client.products.all()] == [7]


def test_get(api, client):
    api.expect("GET", "/products/7", json=PRODUCT)

    assert client.products.get(7).related_product_ids == (8,)


def test_related(api, client):
    api.expect(
        "GET",
        "/products/7/related",
        query={"page": 1, "limit": 25},
        json=envelope([{**PRODUCT, "id": 8}]),
    )

    assert [p.id for p in client.products.related(7)] == [8]


def test_products_are_read_only():
    assert not any(hasattr(Products, name) for name in ("create", "update", "delete"))
