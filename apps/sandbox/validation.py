"""Reading a JSON request body the way Thinkific (a Rails app) does, with its error messages.

`Fields` reads one body field by field; each reader stores what it read in `cleaned`
and each problem in `errors` (field -> list of messages). For an update (`partial=True`)
an absent field is simply not in `cleaned`, and "required" means "not blank if given".
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from django.utils.dateparse import parse_date, parse_datetime

from apps.sandbox import errors

BLANK = "can't be blank"
INVALID = "is invalid"
NOT_IN_LIST = "is not included in the list"
NOT_A_NUMBER = "is not a number"
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TRUE = {"true", "1", "yes", "on"}
FALSE = {"false", "0", "no", "off"}


def parse_moment(value: Any, *, end_of_day: bool = False) -> datetime | None:
    """A datetime from an ISO 8601 datetime or a plain date (midnight UTC, or the day's end);
    None for a moment whose UTC time leaves the calendar (year 1 at +05:00)."""
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        moment = parse_datetime(text.replace(" ", "T", 1))
        if moment is None:
            day = parse_date(text)
            if day is None:
                return None
            moment = datetime.combine(day, time.max if end_of_day else time.min)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        return None


def parse_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    return True if text in TRUE else False if text in FALSE else None


# Thinkific's ids, like the database's, are signed 64-bit; its other integers (quantities,
# counts, cents) are Rails' 32-bit integers; its amounts fit the sandbox's decimal(10, 2).
MIN_INT, MAX_INT = -(2**63), 2**63 - 1
MIN_INT32, MAX_INT32 = -(2**31), 2**31 - 1
MAX_DECIMAL = Decimal("99999999.99")


def parse_int(value: Any) -> int | None:
    """An integer the database can hold, or None (an id past 64 bits is no record's)."""
    if isinstance(value, bool):
        return None
    whole = isinstance(value, float) and value.is_integer()
    digits = isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,19}\s*", value)
    number = value if isinstance(value, int) else int(value) if whole or digits else None
    return number if number is not None and MIN_INT <= number <= MAX_INT else None


def is_date_only(value: Any) -> bool:
    return isinstance(value, str) and isinstance(parse_date(value.strip()), date)


class Fields:
    def __init__(self, data: Any, *, partial: bool = False):
        self.data = data if isinstance(data, dict) else {}
        self.partial = partial
        self.cleaned: dict[str, Any] = {}
        self.errors: dict[str, list[str]] = {}

    def has(self, name: str) -> bool:
        return name in self.data

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def raise_if_invalid(self) -> None:
        if self.errors:
            raise errors.ValidationError(self.errors)

    def _raw(self, name: str, required: bool, message: str = BLANK) -> tuple[bool, Any]:
        """(present, value); records a blank required field."""
        if name not in self.data:
            if required and not self.partial:
                self.add(name, message)
            return False, None
        value = self.data[name]
        blank = value is None or (isinstance(value, str | list | dict) and not value)
        if blank and required:
            self.add(name, message)
            return False, None
        return True, value

    def text(
        self,
        name: str,
        *,
        required: bool = False,
        max_length: int = 255,
        min_length: int = 0,
        blank_message: str = BLANK,
    ) -> None:
        present, value = self._raw(name, required, blank_message)
        if not present:
            return
        if value is None:
            self.cleaned[name] = None
            return
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.add(name, INVALID)
            return
        value = value.strip()
        if len(value) > max_length:
            self.add(name, f"is too long (maximum is {max_length} characters)")
        elif value and len(value) < min_length:
            self.add(name, f"is too short (minimum is {min_length} characters)")
        else:
            self.cleaned[name] = value

    def email(self, name: str, *, required: bool = False) -> None:
        self.text(name, required=required)
        value = self.cleaned.get(name)
        if value:
            if EMAIL.match(value):
                self.cleaned[name] = value.lower()
            else:
                del self.cleaned[name]
                self.add(name, INVALID)

    def url(self, name: str) -> None:
        self.text(name, max_length=500)
        value = self.cleaned.get(name)
        if value:
            parts = urlsplit(value)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                del self.cleaned[name]
                self.add(name, INVALID)

    def choice(self, name: str, choices: tuple[str, ...], *, required: bool = False) -> None:
        present, value = self._raw(name, required)
        if not present or value is None:
            return
        if value in choices:
            self.cleaned[name] = value
        else:
            self.add(name, NOT_IN_LIST)

    def choices(self, name: str, choices: tuple[str, ...]) -> None:
        """A list whose every item is one of `choices` (roles)."""
        present, value = self._raw(name, False)
        if not present:
            return
        value = value or []
        if not isinstance(value, list) or any(item not in choices for item in value):
            self.add(name, NOT_IN_LIST)
        else:
            self.cleaned[name] = list(dict.fromkeys(value))

    def number(
        self,
        name: str,
        *,
        required: bool = False,
        integer: bool = False,
        greater_than: Decimal | int | None = None,
        at_least: Decimal | int | None = None,
        at_most: Decimal | int | None = None,
        less_than: Decimal | int | None = None,
    ) -> None:
        present, value = self._raw(name, required)
        if not present:
            return
        if value is None:
            self.cleaned[name] = None
            return
        number = _decimal(value)
        if number is None:
            self.add(name, NOT_A_NUMBER)
            return
        if integer and number != number.to_integral_value():
            self.add(name, "must be an integer")
            return
        # Every number has the bounds of what stores it, whatever the field: past them
        # Thinkific's database (and the sandbox's) would refuse it with a 500.
        lowest, highest = (MIN_INT32, MAX_INT32) if integer else (-MAX_DECIMAL, MAX_DECIMAL)
        rules = (
            (greater_than, lambda n, b: n > b, "must be greater than {}"),
            (at_least, lambda n, b: n >= b, "must be greater than or equal to {}"),
            (at_most, lambda n, b: n <= b, "must be less than or equal to {}"),
            (less_than, lambda n, b: n < b, "must be less than {}"),
            (lowest, lambda n, b: n >= b, "must be greater than or equal to {}"),
            (highest, lambda n, b: n <= b, "must be less than or equal to {}"),
        )
        for bound, holds, message in rules:
            if bound is not None and not holds(number, Decimal(str(bound))):
                self.add(name, message.format(bound))
                return
        self.cleaned[name] = int(number) if integer else number

    def id(self, name: str, *, required: bool = False) -> None:
        """The id of a record (null allowed: it clears the field); one that no record can
        have, as 0 or past 64 bits, "is invalid", as an id naming no record is."""
        present, value = self._raw(name, required)
        if not present:
            return
        if value is None:
            self.cleaned[name] = None
            return
        number = _decimal(value)
        if number is None:
            self.add(name, NOT_A_NUMBER)
        elif not 1 <= number <= MAX_INT or number != number.to_integral_value():
            self.add(name, INVALID)
        else:
            self.cleaned[name] = int(number)

    def boolean(self, name: str) -> None:
        present, value = self._raw(name, False)
        if not present or value is None:
            return
        parsed = parse_bool(value)
        if parsed is None:
            self.add(name, INVALID)
        else:
            self.cleaned[name] = parsed

    def moment(self, name: str) -> None:
        """A datetime (null allowed: it clears the field)."""
        present, value = self._raw(name, False)
        if not present:
            return
        if value in (None, ""):
            self.cleaned[name] = None
            return
        moment = parse_moment(value)
        if moment is None:
            self.add(name, INVALID)
        else:
            self.cleaned[name] = moment

    def ids(self, name: str, *, required: bool = False) -> None:
        """A list of integer ids."""
        present, value = self._raw(name, required)
        if not present:
            return
        value = value or []
        parsed = [parse_int(item) for item in value] if isinstance(value, list) else [None]
        if None in parsed:
            self.add(name, INVALID)
        else:
            self.cleaned[name] = list(dict.fromkeys(parsed))


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None
