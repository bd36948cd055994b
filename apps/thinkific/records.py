"""Typed records: frozen dataclasses built from Thinkific's JSON, tolerant of its quirks.

The live API sends some numbers as strings, nulls where the spec promises values, and
fields the spec does not list. `Record.from_api` coerces each field by its annotation,
fills what is missing with the field's default (or None) and keeps the whole object in
`raw` for pages that show every field.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any, Self

from django.utils.dateparse import parse_date, parse_datetime


def to_int(value: Any) -> int | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return int(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return None


def to_decimal(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def to_bool(value: Any) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value.strip().lower() in {"true", "1", "yes", "t"}
    return bool(value)


def to_datetime(value: Any) -> datetime | None:
    if not value or not isinstance(value, str):
        return None
    try:
        parsed = parse_datetime(value)
    except ValueError:
        parsed = None
    if parsed is None and "." in value:
        # Webhooks API timestamps carry nanoseconds, one digit more than Python parses.
        head, _, tail = value.partition(".")
        digits = "".join(c for c in tail if c.isdigit())
        zone = tail[len(digits) :]
        parsed = parse_datetime(f"{head}.{digits[:6]}{zone}")
    if parsed is None:
        day = parse_date(value)
        parsed = datetime(day.year, day.month, day.day) if day else None
    return parsed


def to_date(value: Any) -> date | None:
    moment = to_datetime(value)
    return moment.date() if moment else None


def to_str(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


SCALARS = {
    int: to_int,
    Decimal: to_decimal,
    bool: to_bool,
    datetime: to_datetime,
    date: to_date,
    str: to_str,
}


def coerce(annotation: Any, value: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return coerce(options[0], value) if value is not None else None
    if origin in (tuple, list):
        (item_type, *_) = typing.get_args(annotation) or (Any,)
        if not isinstance(value, list | tuple):
            return ()
        items = (coerce(item_type, item) for item in value)
        return tuple(item for item in items if item is not None)
    if origin is dict or annotation is dict:
        return value if isinstance(value, dict) else {}
    if isinstance(annotation, type) and issubclass(annotation, Record):
        return annotation.from_api(value) if isinstance(value, dict) else None
    converter = SCALARS.get(annotation)
    return converter(value) if converter else value


@cache
def _field_types(cls: type) -> tuple[tuple[str, Any, Any], ...]:
    hints = typing.get_type_hints(cls)
    result = []
    for field in dataclasses.fields(cls):
        if field.name == "raw":
            continue
        if field.default is not dataclasses.MISSING:
            default = field.default
        elif field.default_factory is not dataclasses.MISSING:
            default = field.default_factory()
        else:
            default = None
        result.append((field.name, hints[field.name], default))
    return tuple(result)


@dataclasses.dataclass(frozen=True, kw_only=True)
class Record:
    """Base of every record; subclasses are `@dataclass(frozen=True, kw_only=True)`."""

    raw: dict = dataclasses.field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_api(cls, data: dict) -> Self:
        values = {}
        for name, annotation, default in _field_types(cls):
            value = coerce(annotation, data.get(name))
            values[name] = default if value is None else value
        return cls(**values, raw=data)
