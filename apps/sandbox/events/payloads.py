"""Webhook payloads, shaped like Thinkific's published samples.

Webhook payloads differ from the Admin API: nested `user`/`course` objects, `free_trial`
instead of `is_free_trial`, `amount_dollars` as a number, order status "Complete".
Topics without a published sample (course.*, product.*) carry the Admin API record.
"""

from __future__ import annotations

from apps.sandbox import models as m
from apps.sandbox import selectors, serializers
from apps.sandbox.formats import decimal_text, stamp


def person(user: m.User) -> dict:
    return {
        "email": user.email,
        "first_name": user.first_name,
        "id": user.pk,
        "last_name": user.last_name,
    }


def user(row: m.User) -> dict:
    row = selectors.users(row.school).get(pk=row.pk)
    data = serializers.user(row)
    del data["full_name"]
    return dict(sorted(data.items()))


def order(row: m.Order) -> dict:
    dollars = row.amount_cents / 100
    coupon = row.coupon
    return {
        "affiliate_referral_code": row.affiliate_referral_code,
        "amount_cents": row.amount_cents,
        "amount_dollars": dollars,
        "billing_name": row.user.full_name,
        "coupon": {"id": coupon.pk, "code": coupon.code, "promotion_id": coupon.promotion_id}
        if coupon
        else None,
        "created_at": stamp(row.created_at),
        "id": row.pk,
        "order_number": row.pk,
        "payment_type": row.payment_type,
        "product_id": row.product_id,
        "product_name": row.product.name,
        "status": "Complete",
        "items": [
            {
                "product_id": row.product_id,
                "product_name": row.product.name,
                "amount_dollars": dollars,
                "amount_cents": row.amount_cents,
            }
        ],
        "user": person(row.user),
    }


def enrollment(row: m.Enrollment) -> dict:
    # The 2019 progress sample shows "24.0": webhooks count percent from 0 to 100.
    return {
        "activated_at": stamp(row.activated_at),
        "completed_at": stamp(row.completed_at),
        "course": {"id": row.course_id, "name": row.course.name},
        "course_id": row.course_id,
        "created_at": stamp(row.created_at),
        "expiry_date": stamp(row.expiry_date),
        "free_trial": row.is_free_trial,
        "id": row.pk,
        "percentage_completed": decimal_text(row.percentage_completed * 100),
        "started_at": stamp(row.started_at),
        "updated_at": stamp(row.updated_at),
        "user": person(row.user),
    }


def lesson(row: m.Enrollment, content: m.Content) -> dict:
    return {
        "chapter": {"id": content.chapter_id, "name": content.chapter.name},
        "course": {"id": row.course_id, "name": row.course.name},
        "enrollment": {"id": row.pk},
        "lesson": {
            "id": content.pk,
            "name": content.name,
            "position": content.position,
            "type": content.contentable_type,
        },
        "user": person(row.user),
    }


def quiz(user: m.User, content: m.Content, *, attempts: int, correct: int, incorrect: int) -> dict:
    total = correct + incorrect
    return {
        "attempts": attempts,
        "correct_count": correct,
        "grade": round(100 * correct / total) if total else 0,
        "incorrect_count": incorrect,
        "result_id": content.pk * 1000 + attempts,
        "user": person(user),
        "quiz": {"id": content.pk, "name": content.name},
    }


def course(row: m.Course) -> dict:
    return serializers.course(selectors.courses(row.school).get(pk=row.pk))


def product(row: m.Product) -> dict:
    return serializers.product(selectors.products(row.school).get(pk=row.pk))
