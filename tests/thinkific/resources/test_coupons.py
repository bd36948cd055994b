import pytest

from apps.thinkific import errors
from apps.thinkific.resources.coupons import Coupon
from tests.thinkific.conftest import envelope

COUPON = {
    "id": 1,
    "code": "abc123",
    "note": "For the newsletter",
    "quantity_used": "4",
    "quantity": 10,
    "promotion_id": 12,
    "created_at": "2017-04-30T01:00:00Z",
}


def test_list_names_the_promotion_in_the_query(api, client):
    api.expect(
        "GET",
        "/coupons",
        query={"promotion_id": 12, "page": 1, "limit": 25},
        json=envelope([COUPON]),
    )

    coupon = client.coupons.list(12).items[0]

    assert (coupon.quantity_used, coupon.quantity) == (4, 10)


def test_all(api, client):
    api.expect(
        "GET",
        "/coupons",
        query={"promotion_id": 12, "page": 1, "limit": 250},
        json=envelope([COUPON]),
    )

    assert [c.code for c in client.coupons.all(12)] == ["abc123"]


def test_get(api, client):
    api.expect("GET", "/coupons/1", json={**COUPON, "quantity": None})

    assert client.coupons.get(1).quantity is None  # unlimited


def test_create(api, client):
    api.expect(
        "POST",
        "/coupons",
        query={"promotion_id": 12},
        sent={"code": "abc123", "quantity": 10},
        status=201,
        json=COUPON,
    )

    assert client.coupons.create(12, code="abc123", quantity=10).promotion_id == 12


def test_create_maps_field_errors(api, client):
    api.expect(
        "POST",
        "/coupons",
        query={"promotion_id": 12},
        sent={"code": ""},
        status=422,
        json={"errors": {"code": ["Can't be blank"]}},
    )

    with pytest.raises(errors.ValidationError) as caught:
        client.coupons.create(12, code="")
    assert caught.value.field_errors == {"code": ["Can't be blank"]}


def test_bulk_create(api, client):
    api.expect(
        "POST",
        "/coupons/bulk_create",
        query={"promotion_id": 12},
        sent={"bulk_quantity": 2, "bulk_coupon_code_length": 8},
        status=201,
        json={"items": [COUPON, {**COUPON, "id": 2, "code": "def456"}]},
    )

    coupons = client.coupons.bulk_create(12, bulk_quantity=2, bulk_coupon_code_length=8)

    assert [c.code for c in coupons] == ["abc123", "def456"]
    assert all(isinstance(c, Coupon) for c in coupons)


def test_bulk_create_answer_without_items_is_a_bad_response(api, client):
    api.expect(
        "POST",
        "/coupons/bulk_create",
        query={"promotion_id": 12},
        sent={"bulk_quantity": 1, "bulk_quantity_per_coupon": 5},
        status=201,
        json={},
    )

    with pytest.raises(errors.BadResponseError):
        client.coupons.bulk_create(12, bulk_quantity=1, bulk_quantity_per_coupon=5)


def test_update(api, client):
    api.expect("PUT", "/coupons/1", sent={"code": "abc123", "quantity": 20}, status=204)

    client.coupons.update(1, code="abc123", quantity=20)


def test_delete(api, client):
    api.expect("DELETE", "/coupons/1", status=204)

    client.coupons.delete(1)
