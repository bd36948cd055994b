"""The client against the built-in sandbox over real HTTP:
promotions, coupons, orders, enrollments and course reviews.

The sandbox is an independent reading of Thinkific's contract; where the two disagree,
one of them has misread Thinkific.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from apps.thinkific import errors
from tests.integration.conftest import a_course, new_user, unique

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


# -- selling ------------------------------------------------------------------------------------


def test_promotions_and_coupons(client):
    product, other = client.products.list(limit=2).items
    promotion = client.promotions.create(
        name="Spring sale", discount_type="percentage", amount=20, product_ids=[product.id]
    )
    assert client.promotions.get(promotion.id).amount == 20
    assert promotion.id in {p.id for p in client.promotions.all()}

    coupon = client.coupons.create(promotion.id, code=unique("SPRING"), quantity=10)
    assert (coupon.promotion_id, coupon.quantity, coupon.quantity_used) == (promotion.id, 10, 0)
    assert client.coupons.get(coupon.id) == coupon

    bulk = client.coupons.bulk_create(
        promotion.id, bulk_quantity=3, bulk_coupon_code_length=8, bulk_quantity_per_coupon=2
    )
    assert len(bulk) == 3
    assert all(len(c.code) == 8 for c in bulk)
    listed = client.coupons.list(promotion.id, limit=2)
    assert (listed.total_items, len(listed.items)) == (4, 2)
    assert {c.id for c in client.coupons.all(promotion.id)} == {coupon.id, *(c.id for c in bulk)}

    found = client.promotions.by_coupon(product_id=product.id, coupon_code=coupon.code)
    assert found.id == promotion.id
    among = [product.id, other.id]
    assert client.promotions.product_ids(promotion.id, coupon_code=coupon.code, among=among) == (
        product.id,
    )
    with pytest.raises(errors.NotFoundError):
        client.promotions.by_coupon(product_id=product.id, coupon_code="NO-SUCH-CODE")

    client.coupons.update(coupon.id, code=coupon.code, quantity=20)
    assert client.coupons.get(coupon.id).quantity == 20
    client.coupons.delete(coupon.id)
    with pytest.raises(errors.NotFoundError):
        client.coupons.get(coupon.id)

    client.promotions.update(
        promotion.id, name="Summer sale", discount_type="fixed", amount=Decimal("5.50")
    )
    changed = client.promotions.get(promotion.id)
    assert (changed.name, changed.discount_type, changed.amount) == (
        "Summer sale",
        "fixed",
        Decimal("5.50"),
    )
    client.promotions.delete(promotion.id)
    with pytest.raises(errors.NotFoundError):
        client.promotions.get(promotion.id)


def test_orders(client):
    orders = client.orders.list(limit=2)
    assert orders.total_items >= 1
    order = client.orders.get(orders.items[0].id)
    assert order == orders.items[0]
    assert order.amount_cents is not None and order.created_at is not None
    assert len(list(client.orders.all())) == orders.total_items


def test_external_orders(client):
    user = new_user(client)
    product = client.products.list(limit=1).items[0]

    order = client.external_orders.create(
        payment_provider="Stripe",
        user_id=user.id,
        product_id=product.id,
        order_type="one-time",
        transaction={"amount": 4900, "currency": "USD", "reference": "ch_1", "action": "purchase"},
    )

    assert order.id
    client.external_orders.purchase(order.id, amount=4900, currency="USD", reference="ch_2")
    client.external_orders.refund(order.id, amount=4900, currency="USD", reference="re_1")


# -- learning -----------------------------------------------------------------------------------


def test_enrollments(client):
    course = a_course(client)
    user = new_user(client)
    activated = datetime.now(UTC) - timedelta(days=2)

    enrollment = client.enrollments.create(
        course_id=course.id, user_id=user.id, activated_at=activated
    )
    assert (enrollment.user_id, enrollment.course_id) == (user.id, course.id)
    assert enrollment.is_free_trial is False
    assert client.enrollments.get(enrollment.id) == enrollment

    today = date.today()
    filters = [
        {"user_id": user.id},
        {"course_id": course.id, "email": user.email},
        {"user_id": user.id, "full": True, "expired": False, "completed": False},
        {"user_id": user.id, "created_on_or_after": today - timedelta(days=1)},
        {"user_id": user.id, "created_after": datetime.now(UTC) - timedelta(hours=1)},
        {"user_id": user.id, "created_on_or_before": today + timedelta(days=1)},
        {"user_id": user.id, "updated_after": today - timedelta(days=1)},
    ]
    for query in filters:
        assert [e.id for e in client.enrollments.list(**query)] == [enrollment.id], query
    assert (
        client.enrollments.list(user_id=user.id, created_before=today - timedelta(days=1)).items
        == []
    )
    assert client.enrollments.list(user_id=user.id, free_trial=True).items == []
    assert enrollment.id in {e.id for e in client.enrollments.all(course_id=course.id)}

    expiry = datetime.now(UTC) + timedelta(days=10)
    client.enrollments.update(enrollment.id, expiry_date=expiry)
    assert client.enrollments.get(enrollment.id).expiry_date == expiry.replace(microsecond=0)

    client.enrollments.expire(enrollment.id)
    expired = client.enrollments.get(enrollment.id)
    assert expired.expired is True
    assert expired.expiry_date < datetime.now(UTC)
    assert [e.id for e in client.enrollments.list(user_id=user.id, expired=True)] == [enrollment.id]


def test_enrollment_errors_come_as_a_list(client):
    with pytest.raises(errors.ValidationError) as caught:
        client.enrollments.create(course_id=999_999, user_id=999_999)

    assert caught.value.non_field_errors


def test_a_free_trial_enrollment(client):
    user = new_user(client)

    enrollment = client.enrollments.create(course_id=a_course(client).id, user_id=user.id)

    assert enrollment.is_free_trial is True
    assert [e.id for e in client.enrollments.list(user_id=user.id, free_trial=True)] == [
        enrollment.id
    ]


def test_course_reviews(client):
    course = a_course(client)
    user = new_user(client)

    review = client.course_reviews.create(
        course.id,
        rating=4,
        title="Good",
        review_text="Clear lessons.",
        user_id=user.id,
        approved=False,
    )

    assert (review.course_id, review.rating, review.approved) == (course.id, 4, False)
    assert client.course_reviews.get(review.id) == review
    assert review.id in {r.id for r in client.course_reviews.list(course.id, limit=250)}
    assert review.id in {r.id for r in client.course_reviews.all(course.id)}
    assert review.id not in {r.id for r in client.course_reviews.all(course.id, approved=True)}
    with pytest.raises(errors.NotFoundError):
        client.course_reviews.create(
            999_999, rating=4, title="x", review_text="x", user_id=user.id, approved=True
        )
