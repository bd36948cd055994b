"""How Thinkific writes times and numbers in JSON."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal


def stamp(moment: datetime | None) -> str | None:
    """Admin API and webhook times: UTC with milliseconds, `2018-01-26T22:23:20.808Z`."""
    if moment is None:
        return None
    moment = moment.astimezone(UTC)
    return f"{_seconds(moment)}.{moment.microsecond // 1000:03d}Z"


def nano_stamp(moment: datetime) -> str:
    """Webhooks API times: RFC 3339 with trimmed fractional seconds, as Go writes them."""
    moment = moment.astimezone(UTC)
    fraction = f"{moment.microsecond:06d}000".rstrip("0")
    return _seconds(moment) + (f".{fraction}" if fraction else "") + "Z"


def _seconds(moment: datetime) -> str:
    # Not strftime, which writes the year 1 as "1" where Ruby and Go write "0001".
    return moment.replace(tzinfo=None, microsecond=0).isoformat()


def decimal_text(value: Decimal | int | float | None) -> str | None:
    """Ruby's BigDecimal#to_s as Thinkific shows it: `"0.75"`, `"20.0"`, `"0.0"`."""
    if value is None:
        return None
    text = format(Decimal(value).normalize(), "f")
    return text if "." in text else f"{text}.0"


def cents_text(cents: int) -> str:
    return decimal_text(Decimal(cents) / 100)
