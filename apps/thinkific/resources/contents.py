"""Contents: `/contents/{id}`, read-only: one lesson, quiz, download... of a chapter."""

from __future__ import annotations

from dataclasses import dataclass

from apps.thinkific.records import Record
from apps.thinkific.resources.base import Retrievable

CONTENTABLE_TYPES = (
    "Assignment",
    "Audio",
    "BrilliumExam",
    "Disqus",
    "Download",
    "HtmlItem",
    "Iframe",
    "Lesson",
    "LiveLesson",
    "Pdf",
    "Presentation",
    "Quiz",
    "Survey",
)


@dataclass(frozen=True, kw_only=True)
class Content(Record):
    id: int
    name: str = ""
    position: int | None = None
    chapter_id: int | None = None
    contentable_type: str | None = None
    free: bool = False  # part of the free preview
    take_url: str | None = None


class Contents(Retrievable[Content]):
    """`client.contents`: read-only; a chapter's list is `client.chapters.contents`."""

    path = "contents"
    record = Content
