"""Small builders for sandbox records; every argument has a sensible default."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from decimal import Decimal

from apps.sandbox import models as m

_numbers = itertools.count(1)


def school(**fields) -> m.School:
    number = next(_numbers)
    fields.setdefault("name", f"School {number}")
    fields.setdefault("subdomain", f"school-{number}")
    return m.School.objects.create(**fields)


def user(school: m.School, **fields) -> m.User:
    number = next(_numbers)
    fields.setdefault("first_name", "Ada")
    fields.setdefault("last_name", f"Lovelace{number}")
    fields.setdefault("email", f"ada{number}@example.com")
    return m.User.objects.create(school=school, **fields)


def course(school: m.School, *, chapters: int = 1, contents: int = 2, **fields) -> m.Course:
    number = next(_numbers)
    name = fields.pop("name", f"Course {number}")
    product = m.Product.objects.create(
        school=school,
        name=name,
        slug=f"course-{number}",
        price=fields.pop("price", Decimal("49.00")),
    )
    m.ProductPrice.objects.create(school=school, product=product, price=product.price)
    row = m.Course.objects.create(
        school=school, product=product, name=name, slug=f"course-{number}", **fields
    )
    for position in range(chapters):
        chapter = m.Chapter.objects.create(
            school=school, course=row, name=f"Chapter {position + 1}", position=position
        )
        for index in range(contents):
            m.Content.objects.create(
                school=school,
                chapter=chapter,
                name=f"Lesson {index + 1}",
                position=index,
                contentable_type="Quiz" if index == contents - 1 else "Lesson",
            )
    return row


def enrollment(user: m.User, course: m.Course, **fields) -> m.Enrollment:
    fields.setdefault("activated_at", datetime(2024, 1, 1, tzinfo=UTC))
    return m.Enrollment.objects.create(school=user.school, user=user, course=course, **fields)


def promotion(school: m.School, **fields) -> m.Promotion:
    fields.setdefault("name", "Spring sale")
    fields.setdefault("discount_type", "percentage")
    fields.setdefault("amount", Decimal("20"))
    return m.Promotion.objects.create(school=school, **fields)


def coupon(promotion: m.Promotion, **fields) -> m.Coupon:
    fields.setdefault("code", f"CODE{next(_numbers):04d}")
    return m.Coupon.objects.create(school=promotion.school, promotion=promotion, **fields)


def order(user: m.User, course: m.Course, **fields) -> m.Order:
    fields.setdefault("amount_cents", 4900)
    return m.Order.objects.create(school=user.school, user=user, product=course.product, **fields)


def group(school: m.School, **fields) -> m.Group:
    number = next(_numbers)
    fields.setdefault("name", f"Group {number}")
    fields.setdefault("token", f"tok{number:05d}"[:8])
    return m.Group.objects.create(school=school, **fields)


def bundle(school: m.School, courses: list[m.Course], **fields) -> m.Bundle:
    number = next(_numbers)
    name = fields.pop("name", f"Bundle {number}")
    product = m.Product.objects.create(
        school=school, name=name, slug=f"bundle-{number}", productable_type="Bundle"
    )
    row = m.Bundle.objects.create(school=school, product=product, name=name, **fields)
    row.courses.set(courses)
    return row
