"""Generated sales and learning: promotions with coupons, enrollments, orders, reviews."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils.text import slugify

from apps.sandbox import models as m
from apps.sandbox.demo import words
from apps.sandbox.demo.seed.base import HISTORY_END, Demo, save
from apps.sandbox.services.commerce import discounted_cents


def add_promotions(demo: Demo) -> None:
    rng = demo.rng
    demo.coupons = []
    for number in range(demo.sizes.promotions):
        name = words.PROMOTIONS[number % len(words.PROMOTIONS)]
        percent = demo.chance(0.7)
        starts = demo.moment()
        lasts = timedelta(days=rng.choice((7, 14, 30, 90))) if demo.chance(0.7) else None
        promotion = m.Promotion.objects.create(
            school=demo.school,
            name=name if number < len(words.PROMOTIONS) else f"{name} {number + 1}",
            description=f"{name} discount.",
            discount_type="percentage" if percent else "fixed",
            amount=Decimal(rng.choice((10, 15, 20, 25, 30, 50) if percent else (5, 10, 20))),
            starts_at=starts,
            expires_at=starts + lasts if lasts else None,
            created_at=starts - timedelta(days=3),
        )
        if demo.chance(0.5):
            courses = rng.sample(demo.courses, k=min(len(demo.courses), rng.randint(1, 5)))
            promotion.products.set([course.product_id for course in courses])
        stem = slugify(name).replace("-", "").upper()[:8]
        demo.coupons += save(
            m.Coupon,
            (
                m.Coupon(
                    school=demo.school,
                    promotion=promotion,
                    code=f"{stem}{index}{int(promotion.amount)}",
                    quantity=rng.choice((None, 50, 100, 500)),
                    created_at=promotion.created_at,
                )
                for index in range(1, rng.randint(2, 6))
            ),
        )


def add_enrollments(demo: Demo) -> None:
    rng, sizes = demo.rng, demo.sizes
    popularity = [rng.paretovariate(1.2) for _ in demo.courses]
    limit = min(sizes.enrollments, len(demo.users) * len(demo.courses))
    pairs: dict[tuple[int, int], None] = {}
    while len(pairs) < limit:
        needed = limit - len(pairs)
        users = rng.choices(range(len(demo.users)), k=needed)
        courses = rng.choices(range(len(demo.courses)), weights=popularity, k=needed)
        pairs.update(dict.fromkeys(zip(users, courses, strict=True)))
    demo.enrolled = save(m.Enrollment, (_enrollment(demo, u, c) for u, c in pairs))


def _enrollment(demo: Demo, user_index: int, course_index: int) -> m.Enrollment:
    user, course = demo.users[user_index], demo.courses[course_index]
    created = demo.moment(max(user.created_at, course.created_at))
    trial = demo.chance(0.08)
    done = 0 if trial else _progress(demo, demo.content_count[course.pk])
    total = demo.content_count[course.pk] or 1
    started = created + timedelta(hours=demo.rng.uniform(0.1, 72)) if done else None
    completed = started + timedelta(days=demo.rng.uniform(1, 120)) if done == total else None
    expiry = created + timedelta(days=365) if course.product.days_until_expiry else None
    return m.Enrollment(
        school=demo.school,
        user=user,
        course=course,
        is_free_trial=trial,
        activated_at=None if trial else created,
        expiry_date=expiry,
        started_at=started,
        completed_at=min(completed, HISTORY_END) if completed else None,
        percentage_completed=(Decimal(done) / total).quantize(Decimal("0.0001")),
        created_at=created,
        updated_at=min(completed or started or created, HISTORY_END),
    )


def _progress(demo: Demo, total: int) -> int:
    draw = demo.rng.random()
    if draw < 0.3:
        return 0
    if draw < 0.7:
        return demo.rng.randint(1, max(1, total - 1))
    return total


def add_orders(demo: Demo) -> None:
    paid = [e for e in demo.enrolled if not e.is_free_trial and demo.price_of[e.course_id] > 0]
    chosen = sorted(demo.rng.sample(paid, k=min(demo.sizes.orders, len(paid))), key=lambda e: e.pk)
    save(m.Order, (_order(demo, enrollment) for enrollment in chosen))


def _order(demo: Demo, enrollment: m.Enrollment) -> m.Order:
    cents = int(demo.price_of[enrollment.course_id] * 100)
    coupon = demo.rng.choice(demo.coupons) if demo.coupons and demo.chance(0.12) else None
    if coupon is not None:
        cents = discounted_cents(cents, coupon.promotion)
    return m.Order(
        school=demo.school,
        user_id=enrollment.user_id,
        product_id=enrollment.course.product_id,
        amount_cents=cents,
        coupon=coupon,
        coupon_code=coupon.code if coupon else None,
        created_at=enrollment.created_at - timedelta(minutes=2),
    )


def add_reviews(demo: Demo) -> None:
    save(
        m.CourseReview,
        (
            m.CourseReview(
                school=demo.school,
                course=enrollment.course,
                user_id=enrollment.user_id,
                rating=demo.rng.choice((3, 4, 4, 5, 5, 5)),
                title=demo.rng.choice(words.REVIEW_TITLES),
                review_text="I finished the course and would recommend it.",
                approved=demo.chance(0.85),
                created_at=enrollment.completed_at,
            )
            for enrollment in demo.enrolled
            if enrollment.completed_at and enrollment.course.reviews_enabled and demo.chance(0.1)
        ),
    )
