"""Chapters: `/chapters/{id}`, read-only, and the contents (lessons, quizzes...) of each."""

from __future__ import annotations

from dataclasses import dataclass

from apps.thinkific.pagination import Page
from apps.thinkific.records import Record
from apps.thinkific.resources.base import Id, Retrievable, join
from apps.thinkific.resources.contents import Content


@dataclass(frozen=True, kw_only=True)
class Chapter(Record):
    id: int
    name: str = ""
    position: int | None = None
    description: str | None = None
    duration_in_seconds: int | None = None  # the sum of its videos' lengths
    content_ids: tuple[int, ...] = ()


class Chapters(Retrievable[Chapter]):
    """`client.chapters`: read-only; a course's list is `client.courses.chapters`."""

    path = "chapters"
    record = Chapter

    def contents(self, chapter_id: Id, *, page: int = 1, limit: int = 25) -> Page[Content]:
        """One page of the chapter's contents."""
        return self._page(
            join(self.path, chapter_id, "contents"), page=page, limit=limit, record=Content
        )
