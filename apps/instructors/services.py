"""Writing instructors to Thinkific. Errors come back as `errors.ThinkificError` subclasses."""

from __future__ import annotations

from typing import Any

from apps.core.writes import update_changed
from apps.thinkific import ThinkificClient
from apps.thinkific.resources.instructors import Instructor


def instructor_create(
    *, client: ThinkificClient, first_name: str, last_name: str, slug: str, **fields: Any
) -> Instructor:
    """Create an instructor; `fields` are Thinkific's: title, bio, avatar_url, email, user_id."""
    return client.instructors.create(
        first_name=first_name, last_name=last_name, slug=slug, **fields
    )


def instructor_update(*, client: ThinkificClient, instructor_id: int, **fields: Any) -> bool:
    """Change the named fields (with first_name, last_name and slug, which Thinkific wants
    every time). False when there was nothing to change (no request is made)."""
    return update_changed(client.instructors, instructor_id, fields)


def instructor_delete(*, client: ThinkificClient, instructor_id: int) -> None:
    client.instructors.delete(instructor_id)
