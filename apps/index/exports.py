"""A list's rows, as filtered, as CSV: streamed from the index in constant memory."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone

from apps.core.timezones import local

CHUNK = 2000
# A cell a spreadsheet would run as a formula starts with one of these.
FORMULA = ("=", "+", "-", "@", "\t", "\r")


class _Line:
    """csv.writer's file: hands back each line instead of keeping it."""

    def write(self, line: str) -> str:
        return line


def cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, list | tuple):
        value = " ".join(str(item) for item in value)
    if isinstance(value, str) and value.startswith(FORMULA):
        return f"'{value}"
    return value


def rows_csv(
    rows: QuerySet, columns: dict[str, Callable[[Any], Any]], *, filename: str
) -> StreamingHttpResponse:
    """A streamed CSV download: a heading line, then a line per row."""

    def lines() -> Iterator[str]:
        writer = csv.writer(_Line())
        yield "\ufeff" + writer.writerow(list(columns))  # the BOM: spreadsheets read UTF-8
        for row in rows.iterator(chunk_size=CHUNK):
            yield writer.writerow([cell(value(row)) for value in columns.values()])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


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
    "amount": lambda row: None if row.amount_cents is None else f"{row.amount_cents / 100:.2f}",
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
