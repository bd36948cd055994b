"""Lists: the Admin API's numbered pages and the Webhooks API's cursor pages."""

from __future__ import annotations

from collections.abc import Callable
from math import ceil
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict

from apps.sandbox import counting
from apps.sandbox.validation import parse_int

DEFAULT_LIMIT = 25
MAX_LIMIT = 250


def page_params(params: QueryDict) -> tuple[int, int]:
    """(page, limit): a bad page is 1, a bad limit 25, a limit above 250 is 250."""
    page = parse_int(params.get("page", ""))
    return (page if page and page > 0 else 1), _limit(params)


def _limit(params: QueryDict) -> int:
    limit = parse_int(params.get("limit", ""))
    return min(limit, MAX_LIMIT) if limit and limit > 0 else DEFAULT_LIMIT


def paginate(params: QueryDict, queryset: QuerySet, serialize: Callable[[Any], dict]) -> dict:
    """`{"items": [...], "meta": {"pagination": {...}}}` for one page, sorted by id.

    A page past the end has no items and the same meta (like Rails' Kaminari).
    """
    page, limit = page_params(params)
    total_items = counting.count(queryset)
    total_pages = ceil(total_items / limit)
    offset = (page - 1) * limit
    rows = list(queryset.order_by("id")[offset : offset + limit]) if page <= total_pages else []
    shown = f"{offset + 1}-{offset + len(rows)}" if rows else "0-0"
    return {
        "items": [serialize(row) for row in rows],
        "meta": {
            "pagination": {
                "current_page": page,
                "next_page": page + 1 if page < total_pages else None,
                "prev_page": page - 1 if page > 1 else None,
                "total_pages": total_pages,
                "total_items": total_items,
                "entries_info": f"{shown} of {total_items}",
            }
        },
    }


def cursor_paginate(
    params: QueryDict, queryset: QuerySet, serialize: Callable[[Any], dict]
) -> dict:
    """The Webhooks API's page: `limit`, and `next` = the id the next page starts at."""
    limit = _limit(params)
    total_items = counting.count(queryset)
    cursor = params.get("next", "").strip()
    if cursor:
        queryset = queryset.filter(pk__gte=cursor)
    rows = list(queryset.order_by("pk")[: limit + 1])
    following = rows[limit] if len(rows) > limit else None
    rows = rows[:limit]
    return {
        "items": [serialize(row) for row in rows],
        "meta": {
            "page": {
                "has_next": following is not None,
                "next_page": following.pk if following is not None else "",
                "page_items": len(rows),
                "total_items": total_items,
            }
        },
    }
