"""/promotions (+ by_coupon), /coupons (+ bulk_create), /orders, /external_orders."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.sandbox import models as m
from tests.sandbox import factories

PROMOTION = {"name": "Spring", "discount_type": "percentage", "amount": 25}


class TestPromotions:
    def test_crud(self, api, school):
        course = factories.course(school)
        body = {
            **PROMOTION,
            "product_ids": [course.product_id],
            "starts_at": "2024-03-01T00:00:00Z",
        }
        response = api.post("promotions", body)
        assert response.status_code == 201
        data = response.json()
        assert set(data) == {  # the spec's answer (and `created_at`, seen live): no product_ids
            "id",
            "name",
            "description",
            "starts_at",
            "expires_at",
            "discount_type",
            "amount",
            "coupon_ids",
            "duration",
            "created_at",
        }
        assert data["amount"] == "25.0"  # a string, as live data
        assert data["discount_type"] == "percentage"
        assert data["starts_at"] == "2024-03-01T00:00:00.000Z"
        assert data["coupon_ids"] == []
        pk = data["id"]
        assert list(m.Promotion.objects.get(pk=pk).products.all()) == [course.product]
        change = {**PROMOTION, "amount": 30, "product_ids": []}
        assert api.put(f"promotions/{pk}", change).status_code == 204
        updated = api.get(f"promotions/{pk}").json()
        assert (updated["amount"], updated["starts_at"]) == ("30.0", data["starts_at"])
        assert not m.Promotion.objects.get(pk=pk).products.exists()
        assert api.delete(f"promotions/{pk}").status_code == 204
        assert api.get(f"promotions/{pk}").status_code == 404

    def test_update_requires_what_create_requires(self, api, school):
        promotion = factories.promotion(school)
        response = api.put(f"promotions/{promotion.pk}", {"amount": 30})
        assert (response.status_code, response.json()) == (
            422,
            {"errors": {"name": ["can't be blank"], "discount_type": ["can't be blank"]}},
        )
        promotion.refresh_from_db()
        assert promotion.amount == Decimal("20")

    @pytest.mark.parametrize(
        ("change", "errors"),
        [
            ({"name": ""}, {"name": ["can't be blank"]}),
            ({"discount_type": "bogof"}, {"discount_type": ["is not included in the list"]}),
            ({"amount": 0}, {"amount": ["must be greater than 0"]}),
            ({"amount": 101}, {"amount": ["must be less than or equal to 100"]}),
            ({"amount": "x"}, {"amount": ["is not a number"]}),
            ({"product_ids": [999999]}, {"product_ids": ["is invalid"]}),
            (
                {"starts_at": "2024-03-02", "expires_at": "2024-03-01"},
                {"expires_at": ["must be after starts_at"]},
            ),
        ],
    )
    def test_validation(self, api, change, errors):
        response = api.post("promotions", {**PROMOTION, **change})
        assert (response.status_code, response.json()) == (422, {"errors": errors})

    def test_fixed_amounts_may_exceed_100(self, api):
        body = {**PROMOTION, "discount_type": "fixed", "amount": 150}
        assert api.post("promotions", body).status_code == 201

    def test_required_on_create(self, api):
        assert api.post("promotions", {}).json() == {
            "errors": {
                "name": ["can't be blank"],
                "discount_type": ["can't be blank"],
                "amount": ["can't be blank"],
            }
        }

    def test_by_coupon(self, api, school):
        course, other = factories.course(school), factories.course(school)
        promotion = api.post("promotions", {**PROMOTION, "product_ids": [course.product_id]})
        promotion = m.Promotion.objects.get(pk=promotion.json()["id"])
        factories.coupon(promotion, code="SPRING25")
        found = api.get(
            "promotions/by_coupon", {"product_id": course.product_id, "coupon_code": "SPRING25"}
        )
        assert found.json() == api.get(f"promotions/{promotion.pk}").json()
        for params in (
            {"product_id": other.product_id, "coupon_code": "SPRING25"},
            {"product_id": course.product_id, "coupon_code": "NOPE"},
        ):
            assert api.get("promotions/by_coupon", params).status_code == 404
        missing = api.get("promotions/by_coupon", {"coupon_code": "SPRING25"})
        assert (missing.status_code, missing.json()) == (
            400,
            {"error": "Parameter product_id is required."},
        )

    def test_a_promotion_without_products_applies_to_every_product(self, api, school):
        promotion = factories.promotion(school)
        factories.coupon(promotion, code="ALL")
        for course in (factories.course(school), factories.course(school)):
            params = {"product_id": course.product_id, "coupon_code": "ALL"}
            assert api.get("promotions/by_coupon", params).json()["id"] == promotion.pk

    def test_by_coupon_skips_expired_promotions_and_used_up_coupons(self, api, school):
        course = factories.course(school)
        expired = factories.promotion(school, expires_at=timezone.now() - timedelta(days=1))
        factories.coupon(expired, code="OLD")
        used = factories.coupon(factories.promotion(school), code="USED", quantity=1)
        used.quantity_used = 1
        used.save()
        for code in ("OLD", "USED"):
            params = {"product_id": course.product_id, "coupon_code": code}
            assert api.get("promotions/by_coupon", params).status_code == 404


class TestCoupons:
    @pytest.fixture
    def promotion(self, school):
        return factories.promotion(school)

    def test_crud(self, api, promotion):
        response = api.post(
            "coupons", {"code": "SAVE10", "quantity": 10}, {"promotion_id": promotion.pk}
        )
        assert response.status_code == 201
        data = response.json()
        assert {k: data[k] for k in ("code", "quantity", "quantity_used", "promotion_id")} == {
            "code": "SAVE10",
            "quantity": 10,
            "quantity_used": 0,
            "promotion_id": promotion.pk,
        }
        listed = api.get("coupons", {"promotion_id": promotion.pk}).json()
        assert [item["id"] for item in listed["items"]] == [data["id"]]
        assert (
            api.put(f"coupons/{data['id']}", {"code": "SAVE11", "quantity_used": 2}).status_code
            == 204
        )
        assert api.get(f"coupons/{data['id']}").json()["quantity_used"] == 2
        assert api.get(f"promotions/{promotion.pk}").json()["coupon_ids"] == [data["id"]]
        assert api.delete(f"coupons/{data['id']}").status_code == 204

    def test_code_rules(self, api, promotion):
        post = lambda body: api.post("coupons", body, {"promotion_id": promotion.pk})  # noqa: E731
        assert post({}).json() == {"errors": {"code": ["Can't be blank"]}}
        post({"code": "ONCE"})
        assert post({"code": "ONCE"}).json() == {"errors": {"code": ["has already been taken"]}}
        coupon = factories.coupon(promotion)
        assert api.put(f"coupons/{coupon.pk}", {"note": "x"}).json() == {
            "errors": {"code": ["Can't be blank"]}
        }

    def test_promotion_id_is_required_and_checked(self, api, school):
        response = api.get("coupons")
        assert (response.status_code, response.json()) == (
            400,
            {"error": "Parameter promotion_id is required."},
        )
        other = factories.promotion(factories.school())
        assert api.get("coupons", {"promotion_id": other.pk}).status_code == 404
        assert api.post("coupons", {"code": "X"}, {"promotion_id": 999999}).status_code == 404

    def test_bulk_create(self, api, promotion):
        body = {"bulk_quantity": 5, "bulk_coupon_code_length": 10, "bulk_quantity_per_coupon": 3}
        response = api.post("coupons/bulk_create", body, {"promotion_id": promotion.pk})
        assert response.status_code == 201
        data = response.json()
        assert set(data) == {"items"}  # no meta on this one
        assert len(data["items"]) == 5
        assert all(len(item["code"]) == 10 and item["quantity"] == 3 for item in data["items"])
        assert len({item["code"] for item in data["items"]}) == 5
        listed = api.get("coupons", {"promotion_id": promotion.pk}).json()
        assert listed["meta"]["pagination"]["total_items"] == 5

    @pytest.mark.parametrize(
        ("body", "errors"),
        [
            ({}, {"bulk_quantity": ["can't be blank"]}),
            ({"bulk_quantity": 1001}, {"bulk_quantity": ["must be less than or equal to 1000"]}),
            ({"bulk_quantity": 0}, {"bulk_quantity": ["must be greater than or equal to 1"]}),
            (
                {"bulk_quantity": 2, "bulk_coupon_code_length": 5},
                {"bulk_coupon_code_length": ["must be greater than or equal to 6"]},
            ),
        ],
    )
    def test_bulk_rules(self, api, promotion, body, errors):
        response = api.post("coupons/bulk_create", body, {"promotion_id": promotion.pk})
        assert (response.status_code, response.json()) == (422, {"errors": errors})


def test_orders_are_read_only_with_string_dollars(api, school):
    user = factories.user(school, first_name="Ada", last_name="King")
    course = factories.course(school, name="Pottery")
    coupon = factories.coupon(factories.promotion(school), code="CLAY")
    order = factories.order(user, course, amount_cents=2050, coupon=coupon, coupon_code="CLAY")
    [item] = api.get("orders").json()["items"]
    assert item == api.get(f"orders/{order.pk}").json()
    assert item["amount_dollars"] == "20.5"
    assert item["amount_cents"] == 2050
    assert (item["user_name"], item["product_name"]) == ("Ada King", "Pottery")
    assert (item["coupon_code"], item["coupon_id"]) == ("CLAY", coupon.pk)
    assert item["status"] == "complete"
    assert item["items"] == [
        {
            "product_id": course.product_id,
            "product_name": "Pottery",
            "amount_dollars": 20.5,
            "amount_cents": 2050,
        }
    ]
    assert api.post("orders", {}).status_code == 405


class TestExternalOrders:
    def test_create_with_a_transaction_then_refund(self, api, school):
        user, course = factories.user(school), factories.course(school)
        body = {
            "payment_provider": "Stripe",
            "user_id": user.pk,
            "product_id": course.product_id,
            "order_type": "one-time",
            "transaction": {"amount": 4900, "currency": "usd", "reference": "ch_1"},
        }
        response = api.post("external_orders", body)
        assert response.status_code == 201
        order_id = response.json()["id"]
        assert response.json() == {"id": order_id}
        refund = {"amount": 4900, "currency": "USD", "action": "refund"}
        assert (
            api.post(f"external_orders/{order_id}/transactions/refund", refund).status_code == 200
        )
        assert (
            api.post(f"external_orders/{order_id}/transactions/purchase", refund).status_code == 200
        )
        kinds = m.ExternalOrderTransaction.objects.order_by("pk").values_list("kind", flat=True)
        assert list(kinds) == ["purchase", "refund", "purchase"]
        # Stored only: no enrollment, no order, no event.
        assert not m.Enrollment.objects.exists() and not m.Order.objects.exists()
        assert not m.Event.objects.exists()

    def test_validation(self, api, school):
        response = api.post("external_orders", {"order_type": "barter", "user_id": 999999})
        assert response.json() == {
            "errors": {
                "payment_provider": ["can't be blank"],
                "order_type": ["is not included in the list"],
                "user_id": ["is invalid"],
                "product_id": ["can't be blank"],
            }
        }
        assert api.post("external_orders/999999/transactions/refund", {}).status_code == 404

    def test_transaction_needs_amount_and_currency(self, api, school):
        order = m.ExternalOrder.objects.create(
            school=school,
            user=factories.user(school),
            product=factories.course(school).product,
            payment_provider="Stripe",
            order_type="one-time",
        )
        response = api.post(f"external_orders/{order.pk}/transactions/purchase", {})
        assert response.json() == {
            "errors": {"amount": ["can't be blank"], "currency": ["can't be blank"]}
        }


def test_amount_strings_keep_ruby_style(api, school):
    promotion = factories.promotion(school, amount=Decimal("12.50"))
    assert api.get(f"promotions/{promotion.pk}").json()["amount"] == "12.5"
