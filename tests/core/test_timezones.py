"""A staff member's clock at the calendar's ends: the days filters read, and the moments
pages show."""

import zoneinfo
from datetime import UTC, date, datetime, timedelta
from datetime import timezone as fixed

import pytest
from django.utils import timezone
from hypothesis import given, settings

from apps.core import display, timezones
from tests.fuzz.calendar_ends import DAYS, MOMENTS, REPORTED, ZONE_NAMES

FIRST = datetime.min.replace(tzinfo=UTC)
LAST = datetime.max.replace(tzinfo=UTC)
TICK = timedelta(microseconds=1)
KIRITIMATI = "Pacific/Kiritimati"


@pytest.mark.parametrize(
    ("zone", "day", "first", "last"),
    [
        # Kiritimati is 10:29:20 behind UTC in the year 1 (local mean time), 14 ahead in 9999.
        (KIRITIMATI, date.min, datetime(1, 1, 1, 10, 29, 20), datetime(1, 1, 2, 10, 29, 20)),
        (KIRITIMATI, date.max, datetime(9999, 12, 30, 10), datetime(9999, 12, 31, 10)),
        ("Etc/GMT+12", date.max, datetime(9999, 12, 31, 12), None),
        ("America/Los_Angeles", date.max, datetime(9999, 12, 31, 8), None),
        ("Etc/GMT-14", date.min, datetime.min, datetime(1, 1, 1, 10)),
        ("UTC", date.max, datetime(9999, 12, 31), None),
    ],
)  # fmt: skip
def test_a_day_at_the_calendars_end_is_clamped_to_it(zone, day, first, last):
    """`last`: when the next day starts, None past the calendar (its last moment then)."""
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        assert timezones.day_first(day) == first.replace(tzinfo=UTC)
        assert timezones.day_last(day) == (last.replace(tzinfo=UTC) - TICK if last else LAST)


@settings(max_examples=300, deadline=None)
@given(zone=ZONE_NAMES, day=DAYS)
def test_the_days_of_any_zone_follow_each_other_without_gaps(zone, day):
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        first, last = timezones.day_first(day), timezones.day_last(day)
        assert first.tzinfo is UTC and last.tzinfo is UTC
        # Empty only for a day the zone skipped (Apia went from 29 to 31 December 2011).
        assert first >= FIRST and last <= LAST
        assert first <= last or first - last == TICK
        if day < date.max and last < LAST:
            assert timezones.day_first(day + timedelta(days=1)) == last + TICK


def test_a_day_whose_midnight_repeats_ends_after_its_second_hour():
    # In 2019 Sao Paulo turned its clocks back from 00:00 on 17 February to 23:00 on the 16th.
    with timezone.override(zoneinfo.ZoneInfo("America/Sao_Paulo")):
        assert timezones.day_last(date(2019, 2, 16)) == datetime(2019, 2, 17, 3, tzinfo=UTC) - TICK
        assert timezones.day_first(date(2019, 2, 17)) == datetime(2019, 2, 17, 3, tzinfo=UTC)


@settings(max_examples=300, deadline=None)
@given(zone=ZONE_NAMES, moment=MOMENTS)
def test_any_moment_is_shown_on_the_staff_clock_or_on_utcs_saying_so(zone, moment):
    clock = zoneinfo.ZoneInfo(zone)
    with timezone.override(clock):
        shown, other = timezones.local(moment)
        written = display.when(moment)
    assert shown == moment  # the same instant, whichever clock
    if other:
        assert other == "UTC" and shown.utcoffset() == timedelta(0)
        assert written.endswith(" UTC")
        with pytest.raises(OverflowError):
            moment.astimezone(clock)
    else:
        assert shown.tzinfo is clock
        assert not written.endswith("UTC") or zone.endswith("UTC")


@pytest.mark.parametrize("zone", REPORTED)
def test_the_pages_write_the_calendars_ends(zone):
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        first, last = display.when(FIRST), display.when(LAST)
        first_day, last_day = display.date(FIRST), display.date(LAST)

    assert first == "Jan 1, 0001, 00:00 UTC" and first_day == "Jan 1, 0001 UTC"
    if zone == "Pacific/Kiritimati":
        assert last == "Dec 31, 9999, 23:59 UTC" and last_day == "Dec 31, 9999 UTC"
    else:
        assert last.startswith("Dec 31, 9999, ") and not last.endswith("UTC")


def test_a_moment_outside_utcs_calendar_keeps_its_own_clock():
    # A history entry's "before" may hold any text shaped like a time.
    moment = datetime(1, 1, 1, tzinfo=fixed(timedelta(hours=5)))

    assert timezones.local(moment) == (moment, "UTC+05:00")
    assert display.when(moment) == "Jan 1, 0001, 00:00 UTC+05:00"
