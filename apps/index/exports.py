"""A list's rows, as filtered, as CSV: streamed from the index in constant memory."""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from decimal import Decimal
from itertools import chain
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from apps.core.csvdownload import csv_download
from apps.core.display import iso
from apps.core.paging import PAGING
from apps.core.timezones import local

CHUNK = 2000
NOT_READY = "The CSV comes from the school's index, which is still being built: try again soon."


def list_filters(form) -> dict:
    """The list's filters from its form, without the page and its size: the CSV holds
    every page."""
    params = form.params
    for name in PAGING:
        params.pop(name, None)
    return params


def not_ready(request, name: str) -> HttpResponse:
    """Back to the list `name`, which is live until the index is built, with why no CSV."""
    messages.warning(request, NOT_READY)
    return redirect(reverse(f"{name}:list", args=[request.school.slug]))


def cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = " ".join(str(item) for item in value)
    return value


def rows_csv(
    rows: QuerySet, columns: dict[str, Callable[[Any], Any]], *, filename: str
) -> StreamingHttpResponse:
    """A streamed CSV download: a heading line, then a line per row."""
    values = list(columns.values())
    lines = ([cell(value(row)) for value in values] for row in rows.iterator(chunk_size=CHUNK))
    return csv_download(chain([list(columns)], lines), filename=filename)


def _field(name: str) -> Callable[[Any], Any]:
    return lambda row: getattr(row, name)


def _moment(name: str) -> Callable[[Any], str | None]:
    """A date-time column: on the staff member's clock, or on UTC's (and saying so) where
    theirs would leave the calendar, as for a record dated year 9999 in Kiritimati."""

    def written(row) -> str | None:
        value = getattr(row, name)
        if value is None:
            return None
        moment, zone = local(value)
        text = moment.replace(tzinfo=None).isoformat(" ", "seconds")  # year 1 as "0001"
        return f"{text} {zone}" if zone else text

    return written


USER_COLUMNS = {
    "id": _field("thinkific_id"),
    "first_name": _field("first_name"),
    "last_name": _field("last_name"),
    "email": _field("email"),
    "company": _field("company"),
    "roles": _field("roles"),
    "external_source": _field("external_source"),
    "created_at": _moment("created_at"),
}
ORDER_COLUMNS = {
    "id": _field("thinkific_id"),
    "created_at": _moment("created_at"),
    "user_id": _field("user_id"),
    "user_name": _field("user_name"),
    "user_email": _field("user_email"),
    "product_id": _field("product_id"),
    "product_name": _field("product_name"),
    "amount": lambda row: (
        None if row.amount_cents is None else Decimal(row.amount_cents).scaleb(-2)
    ),
    "coupon_code": _field("coupon_code"),
    "status": _field("status"),
}
ENROLLMENT_COLUMNS = {
    "id": _field("thinkific_id"),
    "user_id": _field("user_id"),
    "user_name": _field("user_name"),
    "user_email": _field("user_email"),
    "course_id": _field("course_id"),
    "course_name": _field("course_name"),
    "percentage_completed": lambda row: (
        None if row.percentage_completed is None else f"{row.percentage_completed * 100:.0f}"
    ),
    "completed": _field("completed"),
    "free_trial": _field("is_free_trial"),
    "activated_at": _moment("activated_at"),
    "expiry_date": _moment("expiry_date"),
    "created_at": _moment("created_at"),
}


def instructor_columns(zone: tzinfo) -> dict[str, Callable[[Any], Any]]:
    return {
        "id": _field("thinkific_id"),
        "first_name": _field("first_name"),
        "last_name": _field("last_name"),
        "email": _field("email"),
        "title": _field("title"),
        "slug": _field("slug"),
        "user_id": _field("user_id"),
        "created_at": lambda row: iso(row.created_at, zone),
    }
