"""Reading instructors from Thinkific."""

from __future__ import annotations

from django.db.models import QuerySet

from apps.index import selectors as index
from apps.index.models import IndexedInstructor
from apps.thinkific import ThinkificClient, errors
from apps.thinkific.pagination import Page
from apps.thinkific.resources.instructors import Instructor
from apps.thinkific.resources.users import User


def instructor_list(*, client: ThinkificClient, page: int = 1, limit: int = 25) -> Page[Instructor]:
    """One page of the school's instructors (one request)."""
    return client.instructors.list(page=page, limit=limit)


def instructor_list_indexed(
    *, connection_id: int, page: int = 1, limit: int = 25, **search
) -> Page[IndexedInstructor]:
    """One page of the school's instructors from its index (`q`, `sort`)."""
    rows = instructor_rows_indexed(connection_id=connection_id, **search)
    return index.page_of(rows, page=page, limit=limit)


def instructor_rows_indexed(*, connection_id: int, **search) -> QuerySet[IndexedInstructor]:
    """Every instructor of the school's index that the list's `q` finds, in its `sort`."""
    return index.instructors(connection_id=connection_id, **search)


def instructor_get(*, client: ThinkificClient, instructor_id: int) -> Instructor:
    return client.instructors.get(instructor_id)


def instructor_user(*, client: ThinkificClient, user_id: int | None) -> User | None:
    """The school user an instructor is, to name them; None when there is none (any more)."""
    if not user_id:
        return None
    try:
        return client.users.get(user_id)
    except errors.NotFoundError:
        return None
