"""Hypothesis strategies for the calendar's ends: days and moments in year 1 and 9999, just
inside and just outside, and the time zones whose clocks run past them.

Python's datetime holds 0001-01-01 00:00 to 9999-12-31 23:59:59.999999; a zone ahead of
UTC cannot show the last hours of that range, one behind it the first. Each strategy
leans on those ends and still draws from the whole calendar.
"""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, timedelta

from hypothesis import strategies as st

ALL_ZONES = tuple(sorted(zoneinfo.available_timezones()))
# The zones of the issue: 500s for staff there (Kiritimati is UTC+14 in 9999).
REPORTED = ("Pacific/Kiritimati", "America/Los_Angeles", "Etc/GMT+12")


def _furthest(moment: datetime) -> tuple[str, str]:
    """The zones furthest behind and ahead of UTC at `moment` (local mean time counts:
    in year 1 Manila is 15:56 behind and Metlakatla 15:13 ahead)."""
    offsets = sorted(
        (moment.replace(tzinfo=zoneinfo.ZoneInfo(n)).utcoffset(), n) for n in ALL_ZONES
    )
    return offsets[0][1], offsets[-1][1]


EXTREMES = tuple(
    sorted({*_furthest(datetime(1, 1, 1, 12)), *_furthest(datetime(9999, 12, 31, 12))})
)
ZONE_NAMES = st.one_of(
    st.sampled_from(sorted({*REPORTED, *EXTREMES, "UTC"})), st.sampled_from(ALL_ZONES)
)
# A staff member's choice on the time zone page; "" is the site's default.
STAFF_ZONES = st.one_of(ZONE_NAMES, st.just(""))

_NEAR_DAYS = st.integers(min_value=0, max_value=3).map(lambda n: timedelta(days=n))
DAYS = st.one_of(
    _NEAR_DAYS.map(lambda gap: date.min + gap),
    _NEAR_DAYS.map(lambda gap: date.max - gap),
    st.dates(),
)
# Typed into a date filter: a day Python has, or one just past it, or not quite a day.
OUTSIDE_DAYS = (
    "0000-12-31",
    "10000-01-01",
    "9999-12-32",
    "0001-01-00",
    "-0001-01-01",
    "00010-01-01",
)
DAY_TEXTS = st.one_of(DAYS.map(date.isoformat), st.sampled_from(OUTSIDE_DAYS))

FIRST = datetime.min.replace(tzinfo=UTC)
LAST = datetime.max.replace(tzinfo=UTC)
_NEAR = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=2))
# Aware, in UTC, as the database keeps them: what index rows and stored events hold.
MOMENTS = st.one_of(
    _NEAR.map(lambda gap: FIRST + gap),
    _NEAR.map(lambda gap: LAST - gap),
    st.datetimes(timezones=st.just(UTC)),
)

_OFFSETS = st.one_of(
    st.sampled_from(["Z", "", "+00:00", "+14:00", "-12:00", "+15:56", "-15:56", "+23:59"]),
    st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
        lambda minutes: (
            f"{'-' if minutes < 0 else '+'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
        )
    ),
)
_FRACTIONS = st.sampled_from(["", ".000", ".999999", ".999999999", ".5"])
OUTSIDE_MOMENTS = (
    "10000-01-01T00:00:00Z",
    "0000-12-31T23:59:59Z",
    "9999-12-31T24:00:00Z",
    "0001-01-01T00:00:00+24:00",
)
# As Thinkific writes a time in JSON (an event's created_at, a record's dates): any wall
# time at either end with any offset, some of which put the UTC time past the calendar.
MOMENT_TEXTS = st.one_of(
    st.builds(
        lambda moment, fraction, offset: (
            moment.replace(tzinfo=None, microsecond=0).isoformat() + fraction + offset
        ),
        MOMENTS,
        _FRACTIONS,
        _OFFSETS,
    ),
    st.sampled_from(OUTSIDE_MOMENTS),
)
# Typed into a datetime-local input, on the staff member's clock.
LOCAL_MOMENT_TEXTS = st.one_of(
    MOMENTS.map(lambda moment: moment.replace(tzinfo=None).isoformat(timespec="minutes")),
    st.sampled_from(["0000-12-31T23:59", "10000-01-01T00:00", "9999-12-31T24:00"]),
)
