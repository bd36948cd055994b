"""Pages of records: the Admin API's numbered pages and the Webhooks API's cursors."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from apps.thinkific.records import to_bool, to_int, to_str

T = TypeVar("T")

MAX_LIMIT = 250


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list, mirroring `meta.pagination`."""

    items: Sequence[T]
    current_page: int
    next_page: int | None
    prev_page: int | None
    total_pages: int
    total_items: int
    entries_info: str = ""

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @classmethod
    def from_api(cls, data: dict, items: Sequence[T], *, page: int = 1) -> Page[T]:
        meta = (data.get("meta") or {}).get("pagination") or {}
        total_items = to_int(meta.get("total_items"))
        return cls(
            items=items,
            current_page=to_int(meta.get("current_page")) or page,
            next_page=to_int(meta.get("next_page")) or None,
            prev_page=to_int(meta.get("prev_page")) or None,
            total_pages=to_int(meta.get("total_pages")) or (1 if items else 0),
            total_items=len(items) if total_items is None else total_items,
            entries_info=str(meta.get("entries_info") or ""),
        )


@dataclass(frozen=True)
class CursorPage(Generic[T]):
    """One page of the Webhooks API v2, which pages with an opaque `next` cursor."""

    items: Sequence[T]
    next_cursor: str | None
    total_items: int | None = None

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def has_next(self) -> bool:
        return bool(self.next_cursor)

    @classmethod
    def from_api(cls, data: dict, items: Sequence[T]) -> CursorPage[T]:
        meta = (data.get("meta") or {}).get("page") or {}
        # An empty next_page ends the list too: Thinkific sends "" beside has_next false.
        cursor = to_str(meta.get("next_page")) or None
        if to_bool(meta.get("has_next")) is False:
            cursor = None
        return cls(
            items=items,
            next_cursor=cursor,
            total_items=to_int(meta.get("total_items")),
        )
