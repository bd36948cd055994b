"""Enrollments: `/enrollments`, a user's access to a course. Thinkific has no delete:
`expire` ends access by moving the expiry date into the past."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import TypedDict, Unpack

from apps.thinkific.pagination import Page
from apps.thinkific.records import Record
from apps.thinkific.resources.base import Creatable, Id, Retrievable, Updatable, query

# How far in the past `expire` sets the expiry date: enough to be past on Thinkific's
# clock too, should it run a little behind ours.
EXPIRY_MARGIN = timedelta(minutes=5)


@dataclass(frozen=True, kw_only=True)
class Enrollment(Record):
    id: int
    user_id: int | None = None
    user_email: str = ""
    user_name: str = ""
    course_id: int | None = None
    course_name: str = ""
    product_id: int | None = None
    percentage_completed: Decimal | None = None  # 0 to 1 (0.75 is 75 %)
    completed: bool = False
    expired: bool = False
    is_free_trial: bool = False
    activated_at: datetime | None = None
    started_at: datetime | None = None
    completed_at: datetime | None = None
    expiry_date: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


Moment = date | datetime | str


class DateFilters(TypedDict, total=False):
    created_on: Moment
    created_before: Moment
    created_on_or_before: Moment
    created_after: Moment
    created_on_or_after: Moment
    updated_on: Moment
    updated_before: Moment
    updated_on_or_before: Moment
    updated_after: Moment


class EnrollmentFilters(DateFilters, total=False):
    user_id: int
    course_id: int
    email: str
    free_trial: bool
    full: bool
    completed: bool
    expired: bool


class Enrollments(Retrievable[Enrollment], Creatable[Enrollment], Updatable[Enrollment]):
    """`client.enrollments`. `create` takes course_id and user_id, activated_at (absent: a
    free trial) and expiry_date (absent: never); `update` takes activated_at, expiry_date."""

    path = "enrollments"
    record = Enrollment

    def list(
        self, *, page: int = 1, limit: int = 25, **filters: Unpack[EnrollmentFilters]
    ) -> Page[Enrollment]:
        """One page of enrollments, filtered by the API's `query[...]` parameters."""
        return self._page(page=page, limit=limit, params=query(EnrollmentFilters, filters))

    def all(self, **filters: Unpack[EnrollmentFilters]) -> Iterator[Enrollment]:
        """Every enrollment matching the filters, fetched 250 at a time."""
        return self._iterate(params=query(EnrollmentFilters, filters))

    def expire(self, enrollment_id: Id, at: datetime | None = None) -> None:
        """End the enrollment's access now (or at `at`, which must not be in the future)."""
        now = datetime.now(UTC)
        if at is None:
            at = now - EXPIRY_MARGIN
        elif (at if at.tzinfo else at.replace(tzinfo=UTC)) > now:
            raise ValueError("expire() takes a past moment; update(expiry_date=...) schedules.")
        self._update(enrollment_id, {"expiry_date": at})
