"""Reading enrollments, and the courses to enroll in, from Thinkific."""

from __future__ import annotations

from itertools import islice

from apps.core.cached import per_school
from apps.index import selectors as index
from apps.index.models import IndexedEnrollment
from apps.thinkific import ThinkificClient
from apps.thinkific.pagination import Page
from apps.thinkific.resources.courses import Course
from apps.thinkific.resources.enrollments import Enrollment

# A select of more courses than this would not be usable anyway.
MAX_COURSES = 1000


def enrollment_list(
    *, client: ThinkificClient, page: int = 1, limit: int = 25, **filters
) -> Page[Enrollment]:
    """One page of enrollments; `filters` are the API's (`EnrollmentFilters`), blanks left out."""
    present = {name: value for name, value in filters.items() if value not in (None, "")}
    return client.enrollments.list(page=page, limit=limit, **present)


def enrollment_list_indexed(
    *, connection_id: int, page: int = 1, limit: int = 25, **filters
) -> Page[IndexedEnrollment]:
    """One page of the school's enrollments from its index, searched, filtered, sorted."""
    rows = index.enrollments(connection_id=connection_id, **filters)
    return index.page_of(rows, page=page, limit=limit)


def enrollment_get(*, client: ThinkificClient, enrollment_id: int) -> Enrollment:
    return client.enrollments.get(enrollment_id)


def course_choices(*, client: ThinkificClient, connection_id: int) -> tuple[Course, ...]:
    """The school's courses, to pick one (cached a few minutes per connection)."""
    return per_school(
        "enrollments:courses",
        connection_id,
        lambda: tuple(islice(client.courses.all(), MAX_COURSES)),
    )
