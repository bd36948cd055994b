"""Course reviews: `/course_reviews`, the course named in the query string."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from apps.thinkific.pagination import Page
from apps.thinkific.records import Record
from apps.thinkific.resources.base import Retrievable


@dataclass(frozen=True, kw_only=True)
class CourseReview(Record):
    id: int
    course_id: int | None = None
    user_id: int | None = None
    rating: int | None = None  # 0 to 5
    title: str = ""
    review_text: str = ""
    approved: bool = False
    created_at: datetime | None = None


class CourseReviews(Retrievable[CourseReview]):
    """`client.course_reviews`."""

    path = "course_reviews"
    record = CourseReview

    def list(
        self, course_id: int, *, approved: bool | None = None, page: int = 1, limit: int = 25
    ) -> Page[CourseReview]:
        """One page of a course's reviews; only approved ones when `approved` is true."""
        return self._page(page=page, limit=limit, params=_params(course_id, approved))

    def all(self, course_id: int, *, approved: bool | None = None) -> Iterator[CourseReview]:
        """Every review of a course, fetched 250 at a time."""
        return self._iterate(params=_params(course_id, approved))

    def create(self, course_id: int, **fields: Any) -> CourseReview:
        """A review of the course: rating (0-5), title, review_text, user_id and approved,
        all required; `errors.NotFoundError` when the course does not exist."""
        return self._create(fields, params={"course_id": course_id})


def _params(course_id: int, approved: bool | None) -> dict[str, Any]:
    # Only "true" filters: Thinkific has no "unapproved only".
    return {"course_id": course_id, "approved": "true" if approved else None}
