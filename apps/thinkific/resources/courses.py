"""Courses: `/courses`, read-only, and the chapters of each."""

from __future__ import annotations

from dataclasses import dataclass

from apps.thinkific.pagination import Page
from apps.thinkific.records import Record
from apps.thinkific.resources.base import Id, Listable, Retrievable, join
from apps.thinkific.resources.chapters import Chapter


@dataclass(frozen=True, kw_only=True)
class Course(Record):
    id: int
    name: str = ""
    slug: str | None = None
    description: str | None = None
    keywords: str | None = None
    product_id: int | None = None
    user_id: int | None = None  # who created it
    instructor_id: int | None = None
    reviews_enabled: bool = False
    course_card_image_url: str | None = None
    chapter_ids: tuple[int, ...] = ()
    administrator_user_ids: tuple[int, ...] = ()
    # Deprecated by Thinkific, still sent:
    subtitle: str | None = None
    duration: str | None = None
    banner_image_url: str | None = None
    course_card_text: str | None = None
    intro_video_youtube: str | None = None
    intro_video_wistia_identifier: str | None = None
    contact_information: str | None = None


class Courses(Listable[Course], Retrievable[Course]):
    """`client.courses`: read-only."""

    path = "courses"
    record = Course

    def chapters(self, course_id: Id, *, page: int = 1, limit: int = 25) -> Page[Chapter]:
        """One page of the course's chapters."""
        return self._page(
            join(self.path, course_id, "chapters"), page=page, limit=limit, record=Chapter
        )
