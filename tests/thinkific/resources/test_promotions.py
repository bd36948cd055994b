from datetime import UTC, datetime
from decimal import Decimal

import pytest

from apps.thinkific import errors
from tests.thinkific.conftest import envelope

PROMOTION = {
    "id": 3,
    "name": "Spring sale",
    "description": None,
    "starts_at": "2024-03-01T00:00:00Z",
    "expires_at": None,
    "discount_type": "percentage",
    "amount": "15.0",
    "coupon_ids": [11, 12],
    "duration": None,
    "created_at": "2024-02-01T00:00:00.000Z",
}


def test_list(api, client):
    api.expect("GET", "/promotions", query={"page": 1, "limit": 25}, json=envelope([PROMOTION]))

    promotion = client.promotions.list().items[0]

    assert promotion.amount == Decimal("15.0")
    assert promotion.coupon_ids == (11, 12)


def test_all(api, client):
    api.expect("GET", "/promotions", query={"page": 1, "limit": 250}, json=envelope([PROMOTION]))

    assert [p.id for p in client.promotions.all()] == [3]


def test_get(api, client):
    api.expect("GET", "/promotions/3", json=PROMOTION)

    assert client.promotions.get(3).starts_at == datetime(2024, 3, 1, tzinfo=UTC)


def test_create_sends_dates_and_amounts_as_thinkific_takes_them(api, client):
    api.expect(
        "POST",
        "/promotions",
        sent={
            "name": "Spring sale",
            "discount_type": "fixed",
            "amount": 9.99,
            "starts_at": "2024-03-01T08:00:00Z",
            "product_ids": [1, 2],
        },
        status=201,
        json=PROMOTION,
    )

    client.promotions.create(
        name="Spring sale",
        discount_type="fixed",
        amount=Decimal("9.99"),
        starts_at=datetime(2024, 3, 1, 8, tzinfo=UTC),
        product_ids=[1, 2],
        expires_at=None,
    )


def test_update(api, client):
    api.expect(
        "PUT",
        "/promotions/3",
        sent={"name": "Sale", "discount_type": "percentage", "amount": 20, "expires_at": None},
        status=204,
    )

    client.promotions.update(
        3, name="Sale", discount_type="percentage", amount=Decimal("20"), expires_at=None
    )


def test_delete(api, client):
    api.expect("DELETE", "/promotions/3", status=204)

    client.promotions.delete(3)


def test_by_coupon(api, client):
    api.expect(
        "GET",
        "/promotions/by_coupon",
        query={"product_id": 7, "coupon_code": "SPRING 10"},
        json=PROMOTION,
    )

    assert client.promotions.by_coupon(product_id=7, coupon_code="SPRING 10").id == 3


def test_by_coupon_of_an_unknown_code_is_not_found(api, client):
    api.expect(
        "GET",
        "/promotions/by_coupon",
        query={"product_id": 7, "coupon_code": "NOPE"},
        status=404,
        json={"error": "Record not found."},
    )

    with pytest.raises(errors.NotFoundError):
        client.promotions.by_coupon(product_id=7, coupon_code="NOPE")


def test_product_ids_asks_by_coupon_for_each_product(api, client):
    answers = {
        7: {"json": PROMOTION},
        8: {"json": {**PROMOTION, "id": 4}},  # the code unlocks another promotion there
        9: {"status": 404, "json": {"error": "Record not found."}},
    }
    for product_id, answer in answers.items():
        query = {"product_id": product_id, "coupon_code": "SPRING"}
        api.expect("GET", "/promotions/by_coupon", query=query, **answer)

    assert client.promotions.product_ids(3, coupon_code="SPRING", among=[7, 8, 9]) == (7,)


def test_a_promotion_record_has_no_product_ids(api, client):
    api.expect("GET", "/promotions/3", json={**PROMOTION, "product_ids": [1]})

    assert not hasattr(client.promotions.get(3), "product_ids")
