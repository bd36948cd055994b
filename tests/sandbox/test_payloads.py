"""Webhook payloads follow Thinkific's published samples (not the Admin API shapes)."""

import random
from decimal import Decimal

import pytest

from apps.sandbox import models as m
from apps.sandbox.demo import activity
from apps.sandbox.events.envelope import envelope
from tests.sandbox import factories

PERSON = {"email", "first_name", "id", "last_name"}


@pytest.fixture
def enrollment(school):
    user = factories.user(school)
    course = factories.course(school, chapters=1, contents=2)
    return factories.enrollment(user, course)


def last_event(topic: str) -> m.Event:
    resource, action = topic.split(".")
    return m.Event.objects.filter(resource=resource, action=action).latest("pk")


def test_order_created(school):
    user, course = factories.user(school), factories.course(school, price=Decimal("50"))
    activity.order(school, random.Random(1))
    payload = last_event("order.created").payload
    assert set(payload) == {
        "affiliate_referral_code",
        "amount_cents",
        "amount_dollars",
        "billing_name",
        "coupon",
        "created_at",
        "id",
        "order_number",
        "payment_type",
        "product_id",
        "product_name",
        "status",
        "items",
        "user",
    }
    assert payload["amount_dollars"] == 50.0  # a number here, a string in the Admin API
    assert payload["status"] == "Complete"
    assert set(payload["user"]) == PERSON
    assert payload["items"][0]["product_id"] == course.product_id
    assert payload["user"]["id"] == user.pk


def test_progress_lesson_and_completion(school, enrollment):
    rng = random.Random(1)
    assert activity.progress(school, rng) == ["lesson.completed", "enrollment.progress"]
    lesson = last_event("lesson.completed")
    assert set(lesson.payload) == {"chapter", "course", "enrollment", "lesson", "user"}
    assert set(lesson.payload["lesson"]) == {"id", "name", "position", "type"}
    assert lesson.payload["enrollment"] == {"id": enrollment.pk}
    body = envelope(lesson)
    assert body["tenant_global_id"] == str(school.gid)
    progress = last_event("enrollment.progress").payload
    assert progress["percentage_completed"] == "50.0"  # 0-100 in webhooks (2019 sample)
    assert progress["free_trial"] is False
    assert progress["course"] == {"id": enrollment.course_id, "name": enrollment.course.name}

    assert activity.progress(school, rng) == [
        "quiz.attempted",
        "enrollment.progress",
        "enrollment.completed",
    ]
    quiz = last_event("quiz.attempted")
    assert set(quiz.payload) == {
        "attempts",
        "correct_count",
        "grade",
        "incorrect_count",
        "result_id",
        "user",
        "quiz",
    }
    assert isinstance(envelope(quiz)["timestamp"], int)
    completed = last_event("enrollment.completed").payload
    assert completed["percentage_completed"] == "100.0"
    assert completed["completed_at"] is not None
    enrollment.refresh_from_db()
    assert enrollment.percentage_completed == 1 and enrollment.completed_at


def test_user_payload_matches_the_signin_sample(school):
    factories.user(school)
    activity.signin(school, random.Random(1))
    payload = envelope(last_event("user.signin"))["payload"]
    assert list(payload) == sorted(payload)
    assert {
        "administered_course_ids",
        "affiliate_code",
        "affiliate_commission",
        "roles",
        "custom_profile_fields",
        "external_source",
        "created_at",
    } <= set(payload)
    assert "full_name" not in payload


def test_catalog_events_carry_the_admin_api_record(school):
    factories.course(school)
    rng = random.Random(1)
    topics = {activity.catalog(school, rng)[0] for _ in range(8)}
    assert topics == {"course.updated", "product.updated"}
    assert "chapter_ids" in last_event("course.updated").payload
    assert "product_prices" in last_event("product.updated").payload


def test_older_topics_have_no_global_id(school, enrollment):
    activity.trial(school, random.Random(1)) or activity.signup(school, random.Random(1))
    event = m.Event.objects.latest("pk")
    assert "tenant_global_id" not in envelope(event)
    assert "timestamp" not in envelope(event)
