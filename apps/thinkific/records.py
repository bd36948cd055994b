"""Typed records: frozen dataclasses built from Thinkific's JSON, tolerant of its quirks.

The live API sends some numbers as strings, nulls where the spec promises values, and
fields the spec does not list. `Record.from_api` coerces each field by its annotation,
fills what is missing with the field's default (or None) and keeps the whole object in
`raw` for pages that show every field. An id (`id`, `*_id`, `*_ids`) is a whole number
or None, never a fraction cut to another record's id.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, Self

from django.utils.dateparse import parse_date, parse_datetime


def to_int(value: Any) -> int | None:
    if type(value) is int:  # most of them: a page of 250 users holds thousands
        return value
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return int(Decimal(str(value).strip()))
    except (InvalidOperation, ValueError, OverflowError):  # junk, NaN, Infinity
        return None


def to_id(value: Any) -> int | None:
    """A record's id: a whole number, or None. Thinkific types ids as "number", so 12.0 is
    12, but 12.5 names no record (cut to 12, it would name another one)."""
    if type(value) is int:
        return value
    number = to_decimal(value)
    if number is None or number != number.to_integral_value():
        return None
    return int(number)


def to_decimal(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def to_bool(value: Any) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value.strip().lower() in {"true", "1", "yes", "t"}
    return bool(value)


# The calendar's ends, as moments: Python has no earlier or later datetime.
FIRST_MOMENT = datetime.min.replace(tzinfo=UTC)
LAST_MOMENT = datetime.max.replace(tzinfo=UTC)


def in_utc(moment: datetime) -> datetime:
    """An aware `moment` in UTC, clamped to the calendar's ends: an offset can put the UTC
    time of a year-1 or year-9999 moment ("0001-01-01T00:00+05:00") outside Python's range."""
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        return FIRST_MOMENT if moment.utcoffset() > timedelta(0) else LAST_MOMENT


def to_datetime(value: Any) -> datetime | None:
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    parsed = _parsed(parse_datetime, value)
    if parsed is None and "." in value:
        # Webhooks API timestamps carry nanoseconds, more digits than Python may parse.
        head, _, tail = value.partition(".")
        digits = "".join(c for c in tail if c.isdigit())
        zone = tail[len(digits) :]
        parsed = _parsed(parse_datetime, f"{head}.{digits[:6]}{zone}")
    if parsed is None:
        day = _parsed(parse_date, value)
        parsed = datetime(day.year, day.month, day.day) if day else None
    if parsed is None:
        return None
    # Thinkific's times are UTC; an aware value compares with every other one.
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else in_utc(parsed)


def to_date(value: Any) -> date | None:
    # A bare date stays that day; a moment becomes its (UTC) day.
    day = _parsed(parse_date, value.strip()) if isinstance(value, str) else None
    if day is not None:
        return day
    moment = to_datetime(value)
    return moment.date() if moment else None


def _parsed(parser: Callable[[str], Any], text: str) -> Any:
    try:
        return parser(text)
    except ValueError:  # well-formed but impossible, like a 13th month
        return None


def to_str(value: Any) -> str | None:
    if type(value) is str:
        return value
    if value is None or isinstance(value, dict | list):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # ids typed "number" in the Webhooks spec: 156118.0 -> "156118"
    return value if isinstance(value, str) else str(value)


SCALARS = {
    int: to_int,
    Decimal: to_decimal,
    bool: to_bool,
    datetime: to_datetime,
    date: to_date,
    str: to_str,
}


@functools.cache
def converter_for(annotation: Any, *, ids: bool = False) -> Callable[[Any], Any]:
    """The function that turns a JSON value into `annotation`'s type (None when it can't);
    with `ids`, whole numbers are ids (`to_id`).

    Worked out once per annotation: building a page of 250 records is a hot path.
    """
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return converter_for(options[0], ids=ids)
    if origin in (tuple, list):
        (item_type, *_) = typing.get_args(annotation) or (Any,)
        convert_item = converter_for(item_type, ids=ids)

        def convert_items(value: Any) -> tuple:
            if not value or not isinstance(value, list | tuple):
                return ()
            items = [convert_item(item) for item in value if item is not None]
            return tuple([item for item in items if item is not None])

        return convert_items
    if origin is dict or annotation is dict:
        return lambda value: value if isinstance(value, dict) else {}
    if isinstance(annotation, type) and issubclass(annotation, Record):
        return lambda value: annotation.from_api(value) if isinstance(value, dict) else None
    if ids and annotation is int:
        return to_id
    return SCALARS.get(annotation, _same)


# (name, converter, default, default factory) of each field of a record class.
Fields = tuple[tuple[str, Callable[[Any], Any], Any, Callable[[], Any] | None], ...]


@functools.cache
def _fields(cls: type) -> Fields:
    """(name, converter, default, default factory) of each field; missing defaults are None.

    `from_api` fills a record's `__dict__` without its `__init__` (a frozen dataclass's
    sets each field through `object.__setattr__`: twice the cost of the conversions), so
    a record may not have a `__post_init__` nor slots.
    """
    if hasattr(cls, "__post_init__") or not hasattr(cls, "__dict__"):
        raise TypeError(f"{cls.__name__}: a Record has no __post_init__ and no slots")
    hints = typing.get_type_hints(cls)
    result = []
    for field in dataclasses.fields(cls):
        if field.name == "raw":
            continue
        # A factory makes a fresh default per record, never shared.
        factory = None if field.default_factory is dataclasses.MISSING else field.default_factory
        default = None if field.default is dataclasses.MISSING else field.default
        is_id = field.name == "id" or field.name.endswith(("_id", "_ids"))
        result.append((field.name, converter_for(hints[field.name], ids=is_id), default, factory))
    return tuple(result)


def _same(value: Any) -> Any:
    return value


@dataclasses.dataclass(frozen=True, kw_only=True)
class Record:
    """Base of every record; subclasses are `@dataclass(frozen=True, kw_only=True)`."""

    raw: dict = dataclasses.field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_api(cls, data: dict) -> Self:
        """The record for one JSON object; anything that is not an object gives an empty one."""
        if not isinstance(data, dict):
            data = {}
        record = object.__new__(cls)
        values = record.__dict__  # as the dataclass's __init__ would set them (see _fields)
        for name, convert, default, factory in _fields(cls):
            value = data.get(name)
            if value is not None:
                value = convert(value)
            if value is None:
                value = default if factory is None else factory()
            values[name] = value
        values["raw"] = data
        return record
