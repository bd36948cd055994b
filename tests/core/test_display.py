"""apps/core/display.py: the portal's one percentage format and its date-times with seconds."""

import datetime
import re
import zoneinfo
from decimal import Decimal

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import formats, timezone
from hypothesis import given
from hypothesis import strategies as st

from apps.core import display

MOMENT = datetime.datetime(2026, 12, 7, 2, 55, 15, tzinfo=datetime.UTC)


def render(source: str, **context) -> str:
    return Template("{% load portal %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (25, "25%"),
        ("15.00", "15%"),  # as Thinkific sends a commission
        (Decimal("83.333"), "83.3%"),
        (83.35, "83.4%"),  # half up, as people round
        (Decimal("12.25"), "12.3%"),
        (100, "100%"),
        (0, "0%"),
        (Decimal("-0.01"), "0%"),  # never "-0%"
        (Decimal("-12.5"), "-12.5%"),
        (1200, "1,200%"),  # separated as number() separates
        (Decimal("1E+3"), "1,000%"),
        (None, ""),
        ("", ""),
        ("n/a", "n/a"),
        ("NaN", "NaN"),
    ],
)
def test_percent_of_a_hundred(value, shown):
    assert display.percent(value) == shown


@pytest.mark.parametrize(
    ("value", "whole", "shown"),
    [
        (Decimal("0.75"), 1, "75%"),
        (Decimal("0.8333"), 1, "83.3%"),
        (1, 3, "33.3%"),
        (5, 0, "5"),  # no share of nothing: the value as it is
    ],
)
def test_percent_of_another_whole(value, whole, shown):
    assert display.percent(value, whole) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [(Decimal("12.25"), "12.25%"), ("15.00", "15%"), (Decimal("99.95"), "99.95%"), (25, "25%")],
)
def test_a_rate_as_set_keeps_every_digit_given(value, shown):
    assert display.percent(value, as_set=True) == shown


def test_percent_beyond_a_decimals_digits_is_still_written():
    assert display.percent(Decimal("1E+40")) == f"{10**40:,}%"


@given(
    st.decimals(min_value=-(10**9), max_value=10**9, allow_nan=False, places=4),
    st.sampled_from([1, 100]),
)
def test_any_percentage_is_one_shape_and_within_a_twentieth(value, whole):
    shown = display.percent(value, whole)
    assert re.fullmatch(r"-?\d{1,3}(,\d{3})*(\.\d)?%", shown), shown
    assert not shown.endswith(".0%") and shown != "-0%"
    read = Decimal(shown.removesuffix("%").replace(",", ""))
    assert abs(read - value * 100 / whole) <= Decimal("0.05")


def test_percent_filter():
    assert render("{{ n|percent }}", n=Decimal("15.00")) == "15%"
    assert render("{{ f|percent:1 }}", f=Decimal("0.8333")) == "83.3%"
    assert render("{{ n|percent }}", n=None) == ""


def test_seconds_format_is_the_date_time_format_with_seconds():
    """A log's moments differ from every other page's by the seconds alone."""
    assert formats.get_format("DATETIME_FORMAT") + ":s" == display.SECONDS_FORMAT


def test_when_with_seconds():
    assert display.when(MOMENT) == "Dec 7, 2026, 02:55"
    assert display.when(MOMENT, seconds=True) == "Dec 7, 2026, 02:55:15"
    with timezone.override(zoneinfo.ZoneInfo("Asia/Kolkata")):
        assert display.when(MOMENT, seconds=True) == "Dec 7, 2026, 08:25:15"
    far = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    with timezone.override(zoneinfo.ZoneInfo("Pacific/Kiritimati")):
        assert display.when(far, seconds=True) == "Dec 31, 9999, 23:59:59 UTC"


def test_when_filter_and_moment_tag_with_seconds():
    assert render('{{ t|when:"seconds" }}', t=MOMENT) == "Dec 7, 2026, 02:55:15"
    assert render("{% moment t seconds=True %}", t=MOMENT) == (
        '<time datetime="2026-12-07T02:55:15+00:00">Dec 7, 2026, 02:55:15</time>'
    )
    with pytest.raises(TemplateSyntaxError, match="seconds"):
        render('{{ t|when:"H:i" }}', t=MOMENT)


def test_a_day_is_written_as_a_moments_day():
    day = datetime.date(2024, 10, 5)
    assert display.date(day) == "Oct 5, 2024"
    assert (
        render("{% moment d day=True %}", d=day) == '<time datetime="2024-10-05">Oct 5, 2024</time>'
    )
