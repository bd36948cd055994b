"""Reading instructors from Thinkific."""

from __future__ import annotations

from apps.thinkific import ThinkificClient
from apps.thinkific.pagination import Page
from apps.thinkific.resources.instructors import Instructor


def instructor_list(*, client: ThinkificClient, page: int = 1, limit: int = 25) -> Page[Instructor]:
    """One page of the school's instructors (one request)."""
    return client.instructors.list(page=page, limit=limit)


def instructor_get(*, client: ThinkificClient, instructor_id: int) -> Instructor:
    return client.instructors.get(instructor_id)
