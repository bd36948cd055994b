"""How the portal writes numbers, money, percentages and times: one wording for every page.

Plain functions, for Python code (describe.py's sentences) and for the template filters
in `apps.core.templatetags.portal`, which wrap them.
"""

from __future__ import annotations

import contextlib
import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import formats, timezone
from django.utils.timesince import timesince

from apps.core import timezones
from apps.thinkific.records import to_decimal

CURRENCY_SYMBOLS = {"USD": "$", "CAD": "CA$", "AUD": "A$", "EUR": "€", "GBP": "£", "NZD": "NZ$"}
JUST_NOW = datetime.timedelta(minutes=1)
# DATETIME_FORMAT with its seconds, for logs whose entries come seconds apart (the console's
# recent calls); tests/core/test_display.py keeps the two in step.
SECONDS_FORMAT = "M j, Y, H:i:s"
TENTH = Decimal("0.1")


def number(value: object) -> str:
    """2000 -> "2,000"; 1234.5 -> "1,234.5"; anything not a number is returned as text."""
    amount = to_decimal(value)
    if amount is None:
        return "" if value is None else str(value)
    return f"{amount:,}" if amount != amount.to_integral_value() else f"{int(amount):,}"


def money(cents: object, currency: str = "USD") -> str:
    """2900 cents -> "$29.00"; a currency without a symbol here -> "29.00 SEK"; "" if unknown."""
    amount = to_decimal(cents)
    if amount is None:
        return ""
    amount = amount / 100
    code = (currency or "USD").strip().upper()
    sign = "-" if amount < 0 else ""
    symbol = CURRENCY_SYMBOLS.get(code)
    if symbol:
        return f"{sign}{symbol}{abs(amount):,.2f}"
    return f"{sign}{abs(amount):,.2f} {code}"


def percent(value: object, whole: object = 100, *, as_set: bool = False) -> str:
    """`value` out of `whole` as a percentage, no space, at most one decimal: 25 -> "25%",
    83.33 -> "83.3%", 0.75 of 1 -> "75%", 1200 -> "1,200%"; "" for no value, a non-number
    as it is. `as_set`: a rate staff typed (a discount, a commission) to the last digit
    they gave it, as Thinkific applies it ("12.25%"), never rounded."""
    amount, of = to_decimal(value), to_decimal(whole)
    if amount is None or not of:
        return "" if value is None else str(value)
    share = amount * 100 / of
    if not as_set:
        # More digits than a Decimal holds cannot be quantized, and have no tenths to show.
        with contextlib.suppress(InvalidOperation):
            share = share.quantize(TENTH, rounding=ROUND_HALF_UP)
    return f"{share.normalize() + 0:,f}%"  # normalize: "15.00" -> "15"; + 0: "-0" -> "0"


def when(value: datetime.datetime | None, seconds: bool = False) -> str:
    """A moment as every page, the feed and the admin write it ("Mar 4, 2026, 14:05"),
    in the active time zone (the staff member's, see `apps.core.timezones`), or in UTC
    where that zone's clock would leave the calendar ("Dec 31, 9999, 23:59 UTC");
    `seconds` adds them ("Mar 4, 2026, 14:05:09"), for a log where they tell entries apart."""
    return _written(value, SECONDS_FORMAT if seconds else "DATETIME_FORMAT")


def date(value: datetime.date | None) -> str:
    """A day as every page writes it ("Mar 4, 2026"); a moment's day in the active zone."""
    return _written(value, "DATE_FORMAT")


def _written(value: datetime.date | None, name: str) -> str:
    if value is None:
        return ""
    zone = ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value, zone = timezones.local(value)
    text = formats.date_format(value, name)
    return f"{text} {zone}" if zone else text


def ago(value: datetime.datetime | None, now: datetime.datetime | None = None) -> str:
    """ "just now", "5 minutes ago", "3 days ago": one unit, never "0 minutes ago"."""
    if value is None:
        return ""
    now = now or timezone.now()
    if now - value < JUST_NOW:  # a clock a little ahead counts as now too
        return "just now"
    return f"{timesince(value, now, depth=1)} ago"


def iso(value: datetime.datetime | None, zone: datetime.tzinfo) -> str:
    """A moment as the CSV downloads write it, ISO 8601 with its offset, in `zone`:
    "2026-03-04T14:05:00+01:00" ("" for None). The view reads the staff member's zone and
    passes it on: a streamed file is written once the view has returned."""
    if value is None:
        return ""
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return timezones.local(value, zone)[0].isoformat(timespec="seconds")  # UTC where zone can't
