"""Enrollments (one course, or every course of a bundle) and course reviews."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from apps.sandbox import errors, selectors
from apps.sandbox import models as m
from apps.sandbox.events import payloads
from apps.sandbox.events.emit import event_emit
from apps.sandbox.validation import Fields, parse_int

# Thinkific answers enrollment 422s with a list of sentences, not a field map.
MESSAGES = {
    "activated_at": "Activated at is invalid.",
    "expiry_date": "Expiry date is invalid.",
}


def enrollment_create(*, school: m.School, data: dict) -> m.Enrollment:
    """Activated now or at `activated_at`; without it, a free trial."""
    course = m.Course.objects.filter(school=school, pk=parse_int(data.get("course_id"))).first()
    user = m.User.objects.filter(school=school, pk=parse_int(data.get("user_id"))).first()
    problems = [] if course else ["Course could not be found."]
    problems += [] if user else ["User could not be found."]
    dates = _dates(data, problems)
    if course and user and m.Enrollment.objects.filter(course=course, user=user).exists():
        problems.append("User is already enrolled in this course.")
    if problems:
        raise errors.ValidationError(problems)
    with transaction.atomic():
        enrollment = enroll(user, course, **dates)
    return selectors.enrollments(school).get(pk=enrollment.pk)


def enroll(user: m.User, course: m.Course, **dates) -> m.Enrollment:
    """Create the enrollment and announce it (enrollment.created, or .trial without activation)."""
    now = timezone.now()
    activated_at = dates.get("activated_at")
    enrollment = m.Enrollment.objects.create(
        school=user.school,
        user=user,
        course=course,
        activated_at=activated_at,
        expiry_date=dates.get("expiry_date"),
        is_free_trial=activated_at is None,
        created_at=now,
        updated_at=now,
    )
    topic = "enrollment.trial" if enrollment.is_free_trial else "enrollment.created"
    event_emit(school=user.school, topic=topic, payload=payloads.enrollment(enrollment))
    return enrollment


def enrollment_update(*, instance: m.Enrollment, data: dict) -> None:
    """Change `activated_at` and `expiry_date` (a past expiry date expires it)."""
    problems: list[str] = []
    dates = _dates(data, problems)
    if problems:
        raise errors.ValidationError(problems)
    with transaction.atomic():
        _apply_dates(instance, dates)


def _apply_dates(enrollment: m.Enrollment, dates: dict) -> None:
    """A trial given an activation date becomes a full enrollment (and says so)."""
    upgraded = enrollment.is_free_trial and dates.get("activated_at") is not None
    for name, value in dates.items():
        setattr(enrollment, name, value)
    if upgraded:
        enrollment.is_free_trial = False
    enrollment.updated_at = timezone.now()
    enrollment.save()
    if upgraded:
        event_emit(
            school=enrollment.school,
            topic="enrollment.created",
            payload=payloads.enrollment(enrollment),
        )


def _dates(data: dict, problems: list[str]) -> dict:
    fields = Fields(data)
    fields.moment("activated_at")
    fields.moment("expiry_date")
    problems += [MESSAGES[name] for name in fields.errors]
    return fields.cleaned


# -- bundles ----------------------------------------------------------------------------------


def bundle_enroll(*, bundle: m.Bundle, data: dict) -> None:
    """Enrol the user in every course of the bundle (courses already taken stay as they are)."""
    user, dates = _bundle_request(bundle, data)
    with transaction.atomic():
        taken = set(
            m.Enrollment.objects.filter(user=user, course__bundles=bundle).values_list(
                "course_id", flat=True
            )
        )
        for course in bundle.courses.order_by("pk"):
            if course.pk not in taken:
                enroll(user, course, **dates)


def bundle_enrollments_update(*, bundle: m.Bundle, data: dict) -> None:
    """Change the dates of the user's enrollments in the bundle's courses."""
    user, dates = _bundle_request(bundle, data)
    with transaction.atomic():
        for enrollment in m.Enrollment.objects.filter(user=user, course__bundles=bundle):
            _apply_dates(enrollment, dates)


def _bundle_request(bundle: m.Bundle, data: dict) -> tuple[m.User, dict]:
    fields = Fields(data)
    fields.moment("activated_at")
    fields.moment("expiry_date")
    fields.id("user_id", required=True)
    user_id = fields.cleaned.get("user_id")
    user = m.User.objects.filter(school=bundle.school, pk=user_id).first()
    if user is None and "user_id" not in fields.errors:
        fields.add("user_id", "is invalid")
    fields.raise_if_invalid()
    dates = {name: fields.cleaned[name] for name in MESSAGES if name in fields.cleaned}
    return user, dates


# -- course reviews ---------------------------------------------------------------------------


def course_review_create(*, school: m.School, data: dict, course: m.Course) -> m.CourseReview:
    """A review of the course by one of the school's users."""
    fields = Fields(data)
    fields.number("rating", required=True, integer=True, at_least=0, at_most=5)
    fields.text("title", required=True)
    fields.text("review_text", required=True, max_length=10_000)
    fields.id("user_id", required=True)
    fields.boolean("approved")
    if "approved" not in fields.cleaned and "approved" not in fields.errors:
        fields.add("approved", "can't be blank")
    user_id = fields.cleaned.get("user_id")
    if user_id is not None and not m.User.objects.filter(school=school, pk=user_id).exists():
        fields.add("user_id", "is invalid")
    fields.raise_if_invalid()
    return m.CourseReview.objects.create(school=school, course=course, **fields.cleaned)
