"""A date and time typed on the staff member's clock, at the calendar's ends too."""

import zoneinfo
from datetime import UTC, datetime

import pytest
from django import forms
from django.utils import timezone
from hypothesis import given, settings

from apps.core.forms import MomentField
from tests.fuzz.calendar_ends import LOCAL_MOMENT_TEXTS, MOMENTS, ZONE_NAMES

LAST = datetime.max.replace(tzinfo=UTC)


class Form(forms.Form):
    expiry_date = MomentField(required=False)


def in_zone(name: str):
    return timezone.override(zoneinfo.ZoneInfo(name))


def test_a_moment_is_read_on_the_staff_clock():
    with in_zone("Asia/Tokyo"):
        form = Form({"expiry_date": "2026-03-04T21:05"})
        assert form.is_valid()
    assert form.cleaned_data["expiry_date"] == datetime(2026, 3, 4, 12, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "typed"),
    [
        ("Asia/Tokyo", "0001-01-01T00:00"),  # 9:18:59 ahead of UTC then: the year 0 in UTC
        ("America/Los_Angeles", "9999-12-31T23:59"),  # 1 January 10000 in UTC
        ("Etc/GMT+12", "9999-12-31T12:00"),
        ("UTC", "0001-01-01T00:00+05:00"),
    ],
)
def test_a_moment_past_the_calendar_in_utc_is_refused_and_kept(zone, typed):
    with in_zone(zone):
        form = Form({"expiry_date": typed})
        assert not form.is_valid()
        html = str(form["expiry_date"])
    assert form.errors["expiry_date"] == [MomentField.default_error_messages["out_of_range"]]
    assert f'value="{typed}"' in html


def test_a_stored_moment_the_staff_clock_cannot_show_is_shown_on_utcs():
    with in_zone("Pacific/Kiritimati"):  # 14 ahead: 10000-01-01 13:59 there
        html = str(Form(initial={"expiry_date": LAST})["expiry_date"])
    assert 'type="datetime-local"' in html and 'value="9999-12-31T23:59"' in html


def test_the_year_1_is_written_so_that_browsers_keep_it():
    with in_zone("UTC"):
        html = str(Form(initial={"expiry_date": datetime(1, 1, 1, 8, 30, tzinfo=UTC)}))
    assert 'value="0001-01-01T08:30"' in html  # strftime wrote "1-01-01T08:30"


@settings(max_examples=200, deadline=None)
@given(zone=ZONE_NAMES, stored=MOMENTS)
def test_a_moment_left_as_shown_is_no_change(zone, stored):
    with in_zone(zone):
        shown = Form(initial={"expiry_date": stored})["expiry_date"].value()
        text = shown.isoformat(timespec="minutes")
        form = Form({"expiry_date": text}, initial={"expiry_date": stored})
        if form.is_valid():
            assert form.changed_data == []
        else:  # shown to the minute, it left the calendar (Metlakatla is 15:13:42 ahead in 1)
            assert form.errors["expiry_date"] == [
                MomentField.default_error_messages["out_of_range"]
            ]


@settings(max_examples=200, deadline=None)
@given(zone=ZONE_NAMES, typed=LOCAL_MOMENT_TEXTS)
def test_any_moment_typed_is_a_utc_moment_or_a_clear_error(zone, typed):
    with in_zone(zone):
        form = Form({"expiry_date": typed})
        if form.is_valid():
            form.cleaned_data["expiry_date"].astimezone(UTC)  # what sending it does
        else:
            assert form.errors["expiry_date"]
            assert f'value="{typed}"' in str(form["expiry_date"])
