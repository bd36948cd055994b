"""Reading courses, with their chapters, contents, instructor and reviews, from Thinkific."""

from __future__ import annotations

from itertools import islice

from django.core.cache import cache

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
