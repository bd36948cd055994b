"""Instructors: `/instructors`, the people shown as a course's instructor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from apps.thinkific.records import Record
from apps.thinkific.resources.base import Crud


@dataclass(frozen=True, kw_only=True)
class Instructor(Record):
    id: int
    first_name: str = ""
    last_name: str = ""
    title: str | None = None
    bio: str | None = None
    slug: str | None = None
    avatar_url: str | None = None
    email: str | None = None
    user_id: int | None = None
    created_at: datetime | None = None

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Instructors(Crud[Instructor]):
    """`client.instructors`. Create and update take first_name, last_name and slug
    (required), title, bio, avatar_url, email and user_id."""

    path = "instructors"
    record = Instructor
