"""Writing enrollments to Thinkific. Thinkific has no delete: expiring ends access."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from apps.core.writes import update_changed
from apps.thinkific import ThinkificClient
from apps.thinkific.resources.enrollments import Enrollment


def enrollment_create(
    *, client: ThinkificClient, user_id: int, course_id: int, **fields: Any
) -> Enrollment:
    """Enroll the user; without `activated_at` Thinkific makes a free trial, without
    `expiry_date` the enrollment never expires."""
    return client.enrollments.create(user_id=user_id, course_id=course_id, **fields)


def enrollment_update(*, client: ThinkificClient, enrollment_id: int, **fields: Any) -> bool:
    """Change activated_at and/or expiry_date. False when there was nothing to change."""
    return update_changed(client.enrollments, enrollment_id, fields)


def enrollment_expire(*, client: ThinkificClient, enrollment: Enrollment) -> datetime | None:
    """End access now; returns the expiry it had (None: never), for an undo."""
    client.enrollments.expire(enrollment.id)
    return enrollment.expiry_date


def enrollment_unexpire(
    *, client: ThinkificClient, enrollment_id: int, expiry_date: datetime | None
) -> None:
    """Give back the expiry an `enrollment_expire` replaced (None: never expires)."""
    client.enrollments.update(enrollment_id, expiry_date=expiry_date)
