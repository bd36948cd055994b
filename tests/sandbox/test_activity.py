"""Simulated students finish courses now and then, announced by Thinkific's signed
enrollment.completed delivery."""

import json
import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.sandbox import models as m
from apps.sandbox.demo.activity import activity_run
from apps.sandbox.events.delivery import deliver_pending
from apps.sandbox.formats import stamp
from tests.sandbox import factories
from tests.sandbox.test_commands import run
from tests.sandbox.test_deliveries import expected_signature


@pytest.fixture
def completions(v2, receiver):
    """An enrollment.completed webhook registered with the site API key."""
    answer = v2.post("webhooks", {"topic": "enrollment.completed", "target_url": receiver.url})
    assert answer.status_code == 201, answer.content
    return receiver


def test_a_finishing_student_completes_the_course_and_it_is_delivered_signed(
    school, completions, django_capture_on_commit_callbacks
):
    course = factories.course(school, chapters=2, contents=3)  # each chapter ends in a quiz
    halfway = factories.enrollment(
        factories.user(school), course, percentage_completed=Decimal("0.5")
    )
    for fields in (
        {"is_free_trial": True},  # a trial's student does not get that far
        {"expiry_date": timezone.now() - timedelta(days=1)},
        {"completed_at": timezone.now(), "percentage_completed": Decimal(1)},
    ):
        factories.enrollment(
            factories.user(school), course, **{"percentage_completed": Decimal("0.9"), **fields}
        )

    with django_capture_on_commit_callbacks(execute=True):
        topics = activity_run(school, random.Random(1), "finish")

    # The second chapter's two lessons and its quiz, then the enrollment.
    assert topics == [
        "lesson.completed",
        "quiz.attempted",
        "enrollment.progress",
        "enrollment.completed",
    ]
    assert m.Event.objects.filter(resource="lesson", action="completed").count() == 2
    halfway.refresh_from_db()
    assert halfway.percentage_completed == 1 and halfway.completed_at is not None
    assert halfway.started_at is not None
    assert deliver_pending() == 1
    [request] = completions.received
    body, headers = request["body"], request["headers"]
    assert headers["X-Thinkific-Topic"] == "enrollment.completed"
    assert headers["X-Thinkific-Hmac-Sha256"] == expected_signature(body, school.api_key)
    payload = json.loads(body)["payload"]
    assert payload["id"] == halfway.pk
    assert payload["percentage_completed"] == "100.0"
    assert payload["completed_at"] == stamp(halfway.completed_at)


def test_nobody_finishes_without_a_course_under_way(school):
    course = factories.course(school)
    factories.enrollment(factories.user(school), course)  # not started

    assert activity_run(school, random.Random(1), "finish") == []
    assert not m.Event.objects.exists()


@pytest.mark.django_db
def test_the_simulated_students_finish_courses_now_and_then():
    run("sandbox_seed", subdomain="tiny", users=30)
    # Every course under way only just begun: a lesson at a time, none would finish soon.
    m.Enrollment.objects.filter(completed_at=None).update(percentage_completed=Decimal("0.01"))

    run("sandbox_simulate", rate=60000, count=60, seed=3, subdomain="tiny")

    completed = m.Event.objects.filter(resource="enrollment", action="completed")
    assert completed.exists()
    for event in completed:
        row = m.Enrollment.objects.get(pk=event.payload["id"])
        assert row.completed_at and row.percentage_completed == 1
