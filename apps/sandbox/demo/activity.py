"""Simulated student activity: each step changes a school the way a student would, and
fires the webhooks Thinkific would fire for it."""

from __future__ import annotations

import random
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify

from apps.sandbox import models as m
from apps.sandbox.demo import words
from apps.sandbox.events import payloads
from apps.sandbox.events.emit import event_emit
from apps.sandbox.services import commerce, learning, people

# A finishing student is one of this many furthest along (their remaining lessons are few).
FINISHERS = 10
# Activity -> how often it happens, relative to the others.
WEIGHTS = {
    "signup": 2,
    "signin": 5,
    "order": 2,
    "trial": 1,
    "progress": 8,
    "finish": 1,
    "profile": 0.5,
    "catalog": 0.3,
    "launch": 0.1,
    "retire": 0.05,
}


def activity_run(school: m.School, rng: random.Random, kind: str | None = None) -> list[str]:
    """One step of `kind` (or a random one); the topics it fired (none when it found no data)."""
    kind = kind or rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
    with transaction.atomic():
        return STEPS[kind](school, rng)


def signup(school: m.School, rng: random.Random) -> list[str]:
    first, last = rng.choice(words.FIRST_NAMES), rng.choice(words.LAST_NAMES)
    email = f"{first}.{last}.{rng.getrandbits(32):08x}@gmail.com".lower()
    people.user_create(school=school, data={"first_name": first, "last_name": last, "email": email})
    return ["user.signup"]


def signin(school: m.School, rng: random.Random) -> list[str]:
    user = pick(m.User.objects.filter(school=school), rng)
    if user is None:
        return []
    user.last_sign_in_at = timezone.now()
    user.save(update_fields=["last_sign_in_at"])
    event_emit(school=school, topic="user.signin", payload=payloads.user(user))
    return ["user.signin"]


def order(school: m.School, rng: random.Random) -> list[str]:
    found = _new_pair(school, rng, paid=True)
    if found is None:
        return []
    user, course = found
    coupon = pick(m.Coupon.objects.filter(school=school), rng) if rng.random() < 0.15 else None
    cents = int(course.product.price * 100)
    if coupon is not None:
        cents = commerce.discounted_cents(cents, coupon.promotion)
    row = m.Order.objects.create(
        school=school,
        user=user,
        product=course.product,
        amount_cents=cents,
        coupon=coupon,
        coupon_code=coupon.code if coupon else None,
    )
    event_emit(school=school, topic="order.created", payload=payloads.order(row))
    learning.enroll(user, course, activated_at=timezone.now())
    return ["order.created", "enrollment.created"]


def trial(school: m.School, rng: random.Random) -> list[str]:
    found = _new_pair(school, rng, paid=False)
    if found is None:
        return []
    learning.enroll(*found)
    return ["enrollment.trial"]


def progress(school: m.School, rng: random.Random) -> list[str]:
    """The student finishes their next lesson (or quiz); the enrollment moves on."""
    enrollment = pick(_open_enrollments(school), rng)
    if enrollment is None:
        return []
    return _advance(enrollment, rng, lessons=1)


def finish(school: m.School, rng: random.Random) -> list[str]:
    """One of the students furthest along sits down and finishes the course: its remaining
    lessons, then the enrollment completes (completed_at, 100 %, enrollment.completed)."""
    furthest = _open_enrollments(school).filter(percentage_completed__gt=0)
    candidates = list(furthest.order_by("-percentage_completed", "pk")[:FINISHERS])
    if not candidates:
        return []
    return _advance(rng.choice(candidates), rng, lessons=None)


def _open_enrollments(school: m.School) -> QuerySet:
    """Enrollments a student can still progress in: paid, not completed, not expired."""
    unexpired = Q(expiry_date=None) | Q(expiry_date__gt=timezone.now())
    return (
        m.Enrollment.objects.filter(school=school, completed_at=None, is_free_trial=False)
        .filter(unexpired)
        .select_related("school", "user", "course")
    )


def _advance(enrollment: m.Enrollment, rng: random.Random, *, lessons: int | None) -> list[str]:
    """The student finishes their next `lessons` lessons (every one left: None), each with
    its event, then the enrollment's progress event, and its completion when that was the
    last. The topics fired, each once."""
    contents = list(
        m.Content.objects.filter(chapter__course=enrollment.course)
        .select_related("chapter")
        .order_by("chapter__position", "chapter_id", "position", "pk")
    )
    if not contents:
        return []
    done = min(round(enrollment.percentage_completed * len(contents)), len(contents) - 1)
    upto = len(contents) if lessons is None else min(done + lessons, len(contents))
    topics = [_finish(enrollment, content, rng) for content in contents[done:upto]]
    now = timezone.now()
    enrollment.percentage_completed = (Decimal(upto) / len(contents)).quantize(Decimal("0.0001"))
    enrollment.started_at = enrollment.started_at or now
    enrollment.updated_at = now
    if upto >= len(contents):
        enrollment.percentage_completed = Decimal(1)
        enrollment.completed_at = now
    enrollment.save()
    payload = payloads.enrollment(enrollment)
    event_emit(school=enrollment.school, topic="enrollment.progress", payload=payload)
    topics.append("enrollment.progress")
    if enrollment.completed_at:
        event_emit(school=enrollment.school, topic="enrollment.completed", payload=payload)
        topics.append("enrollment.completed")
    return list(dict.fromkeys(topics))


def _finish(enrollment: m.Enrollment, content: m.Content, rng: random.Random) -> str:
    if content.contentable_type == "Quiz":
        correct = rng.randint(0, 5)
        payload = payloads.quiz(
            enrollment.user,
            content,
            attempts=rng.randint(1, 3),
            correct=correct,
            incorrect=5 - correct,
        )
        topic = "quiz.attempted"
    else:
        payload = payloads.lesson(enrollment, content)
        topic = "lesson.completed"
    event_emit(school=enrollment.school, topic=topic, payload=payload)
    return topic


def profile(school: m.School, rng: random.Random) -> list[str]:
    user = pick(m.User.objects.filter(school=school), rng)
    if user is None:
        return []
    before = user.last_name
    people.user_update(instance=user, data={"last_name": rng.choice(words.LAST_NAMES)})
    return ["user.updated"] if user.last_name != before else []


def catalog(school: m.School, rng: random.Random) -> list[str]:
    """An instructor edits a course, or the school changes a price."""
    course = pick(m.Course.objects.filter(school=school).select_related("product"), rng)
    if course is None:
        return []
    if rng.random() < 0.5:
        course.description = f"<p>{course.name}: updated {timezone.now():%B %Y}.</p>"
        course.save(update_fields=["description"])
        event_emit(school=school, topic="course.updated", payload=payloads.course(course))
        return ["course.updated"]
    product = course.product
    product.price = Decimal(rng.choice(("19", "29", "49", "79", "99", "149")))
    product.save(update_fields=["price"])
    product.prices.filter(is_primary=True).update(price=product.price)
    event_emit(school=school, topic="product.updated", payload=payloads.product(product))
    return ["product.updated"]


def launch(school: m.School, rng: random.Random) -> list[str]:
    """The school publishes a new course: its product first, then the course."""
    subject = rng.choice([s for subjects in words.CATALOG.values() for s in subjects])
    name = f"{rng.choice(words.COURSE_PATTERNS).format(subject)} ({timezone.now():%B %Y})"
    slug = f"{slugify(name)}-{rng.getrandbits(24):06x}"
    product = m.Product.objects.create(
        school=school, name=name, slug=slug, price=Decimal(rng.choice(("29", "49", "99")))
    )
    m.ProductPrice.objects.create(school=school, product=product, price=product.price)
    course = m.Course.objects.create(school=school, product=product, name=name, slug=slug)
    chapter = m.Chapter.objects.create(school=school, course=course, name="Welcome")
    for position, lesson in enumerate(words.LESSON_NAMES[:3]):
        m.Content.objects.create(school=school, chapter=chapter, name=lesson, position=position)
    event_emit(school=school, topic="product.created", payload=payloads.product(product))
    event_emit(school=school, topic="course.created", payload=payloads.course(course))
    return ["product.created", "course.created"]


def retire(school: m.School, rng: random.Random) -> list[str]:
    """The school deletes a course nobody took (and its product)."""
    unused = m.Course.objects.filter(school=school, enrollments=None, bundles=None)
    course = pick(unused.select_related("product"), rng)
    if course is None:
        return []
    course_payload, product_payload = payloads.course(course), payloads.product(course.product)
    course.product.delete()  # the course goes with it
    event_emit(school=school, topic="course.deleted", payload=course_payload)
    event_emit(school=school, topic="product.deleted", payload=product_payload)
    return ["course.deleted", "product.deleted"]


STEPS = {
    "signup": signup,
    "signin": signin,
    "order": order,
    "trial": trial,
    "progress": progress,
    "finish": finish,
    "profile": profile,
    "catalog": catalog,
    "launch": launch,
    "retire": retire,
}


def pick(queryset: QuerySet, rng: random.Random):
    """A random row of the queryset, found through the id index (no ORDER BY RANDOM())."""
    ids = queryset.values_list("pk", flat=True)
    low, high = ids.order_by("pk").first(), ids.order_by("-pk").first()
    if low is None:
        return None
    return queryset.filter(pk__gte=rng.randint(low, high)).order_by("pk").first()


def _new_pair(school: m.School, rng: random.Random, *, paid: bool):
    """A user and a published course they are not enrolled in yet."""
    courses = m.Course.objects.filter(school=school, product__status="published").select_related(
        "product"
    )
    if paid:
        courses = courses.filter(product__price__gt=0)
    for _ in range(10):
        user = pick(m.User.objects.filter(school=school), rng)
        course = pick(courses, rng)
        if user is None or course is None:
            return None
        if not m.Enrollment.objects.filter(user=user, course=course).exists():
            return user, course
    return None
