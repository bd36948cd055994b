"""A list's rows, as filtered, as CSV: streamed from the index in constant memory."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from itertools import chain
from typing import Any

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone

from apps.core.csvdownload import csv_download

CHUNK = 2000


def cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
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


USER_COLUMNS = {
    "id": _field("thinkific_id"),
    "first_name": _field("first_name"),
    "last_name": _field("last_name"),
    "email": _field("email"),
    "company": _field("company"),
    "roles": _field("roles"),
    "external_source": _field("external_source"),
    "created_at": _field("created_at"),
}
ORDER_COLUMNS = {
    "id": _field("thinkific_id"),
    "created_at": _field("created_at"),
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
    "activated_at": _field("activated_at"),
    "expiry_date": _field("expiry_date"),
    "created_at": _field("created_at"),
}
