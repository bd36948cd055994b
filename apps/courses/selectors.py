"""Reading courses, with their chapters, contents, instructor and reviews, from Thinkific."""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import islice

from django.core.cache import cache

from apps.index.selectors import names_by_id
from apps.thinkific import ThinkificClient, errors
from apps.thinkific.pagination import MAX_LIMIT, Page
from apps.thinkific.resources.chapters import Chapter
from apps.thinkific.resources.contents import Content
from apps.thinkific.resources.course_reviews import CourseReview
from apps.thinkific.resources.courses import Course
from apps.thinkific.resources.instructors import Instructor

# Instructors change rarely: their names beside each course of a list are kept a few
# minutes, so a list page stays one request.
LOOKUP_TTL = 300
MAX_INSTRUCTORS = 1000


def course_list(*, client: ThinkificClient, page: int = 1, limit: int = 25) -> Page[Course]:
    """One page of the school's courses (one request)."""
    return client.courses.list(page=page, limit=limit)


@dataclass(frozen=True)
class CourseRow:
    """A course of the list, with the names of its instructor and its product ("" when
    not known)."""

    course: Course
    instructor_name: str = ""
    product_name: str = ""

    @property
    def name(self) -> str:
        return self.course.name or ""


def course_rows(
    *, client: ThinkificClient, connection_id: int, courses: Page[Course]
) -> Page[CourseRow]:
    """The page's courses with their instructors' names (cached) and their products'
    (from the school's index): no request beyond the list's own most of the time."""
    instructors = {}
    if any(course.instructor_id for course in courses):
        instructors = instructor_names(client=client, connection_id=connection_id)
    product_ids = [course.product_id for course in courses if course.product_id]
    products = names_by_id(connection_id=connection_id, kind="product", ids=product_ids)
    rows = [
        CourseRow(
            course,
            instructors.get(course.instructor_id, ""),
            products.get(course.product_id, ""),
        )
        for course in courses
    ]
    return replace(courses, items=rows)


def course_product_name(
    *, client: ThinkificClient, connection_id: int, product_id: int | None
) -> str:
    """The name of the product that sells a course: from the school's index, else read
    from Thinkific; "" when it has none, or it could not be read."""
    if not product_id:
        return ""
    known = names_by_id(connection_id=connection_id, kind="product", ids=[product_id])
    if product_id in known:
        return known[product_id]
    try:
        return client.products.get(product_id).name or ""
    except errors.ThinkificError:  # the course still shows, its product by number
        return ""


def course_get(*, client: ThinkificClient, course_id: int) -> Course:
    return client.courses.get(course_id)


def course_chapters(
    *, client: ThinkificClient, course_id: int, page: int = 1, limit: int = MAX_LIMIT
) -> Page[Chapter]:
    """The course's chapters, 250 a page: every chapter of nearly any course at once."""
    return client.courses.chapters(course_id, page=page, limit=limit)


def chapter_contents(
    *, client: ThinkificClient, chapter_id: int, page: int = 1, limit: int = MAX_LIMIT
) -> Page[Content]:
    """The chapter's lessons, quizzes and other contents, 250 a page."""
    return client.chapters.contents(chapter_id, page=page, limit=limit)


def course_reviews(
    *, client: ThinkificClient, course_id: int, page: int = 1, limit: int = 25
) -> Page[CourseReview]:
    """One page of the course's reviews, approved or not (one request)."""
    return client.course_reviews.list(course_id, page=page, limit=limit)


def course_instructor(*, client: ThinkificClient, instructor_id: int | None) -> Instructor | None:
    """The course's instructor; None when it has none (any more)."""
    if not instructor_id:
        return None
    try:
        return client.instructors.get(instructor_id)
    except errors.NotFoundError:
        return None


def instructor_names(*, client: ThinkificClient, connection_id: int) -> dict[int, str]:
    """The school's instructors' names by id (cached a few minutes per connection)."""

    def load() -> dict[int, str]:
        return {i.id: i.name for i in islice(client.instructors.all(), MAX_INSTRUCTORS)}

    # By connection, not subdomain: a sandbox and the real school may share a subdomain.
    return cache.get_or_set(f"courses:instructors:{connection_id}", load, LOOKUP_TTL)
