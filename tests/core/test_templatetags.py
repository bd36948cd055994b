import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import formats, timezone

from apps.core import display
from apps.core.templatetags.portal import safe_url


@pytest.mark.parametrize("url", ["https://a.example/x.png", "HTTP://a.example", "http://a/b?c=d"])
def test_http_urls_pass(url):
    assert safe_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JavaScript:x",
        "java\tscript:x",
        "data:text/html,x",
        "//host/x",
        "https:",
        "http://[bad",
        None,
        "",
    ],
)
def test_anything_else_gives_nothing(url):
    assert safe_url(url) == ""


def render(source: str, **context) -> str:
    return Template("{% load portal %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("value", "shown"),
    [(2000, "2,000"), (1234567, "1,234,567"), ("2000", "2,000"), (1234.5, "1,234.5"), (0, "0")],
)
def test_number_separates_thousands(value, shown):
    assert render("{{ n|number }}", n=value) == shown


def test_number_leaves_other_values_alone():
    assert render("{{ n|number }}", n="many") == "many"
    assert render("{{ n|number }}", n=None) == ""


@pytest.mark.parametrize(
    ("cents", "currency", "shown"),
    [
        (2900, "USD", "$29.00"),
        ("2900", "usd", "$29.00"),
        (123456, "USD", "$1,234.56"),
        (-150, "CAD", "-CA$1.50"),
        (5, "EUR", "€0.05"),
        (100, "SEK", "1.00 SEK"),
    ],
)
def test_money_from_cents(cents, currency, shown):
    assert render("{{ c|money:cur }}", c=cents, cur=currency) == shown


def test_money_defaults_to_dollars_and_hides_no_amount():
    assert render("{{ c|money }}", c=2900) == "$29.00"
    assert render("{{ c|money }}", c=None) == ""
    assert render("{{ c|money }}", c="n/a") == ""


NOON = datetime.datetime(2026, 3, 4, 12, 5, tzinfo=datetime.UTC)


def test_when_is_one_format_in_the_active_zone():
    assert render("{{ t|when }}", t=NOON) == "Mar 4, 2026, 12:05"
    with timezone.override(zoneinfo.ZoneInfo("Asia/Tokyo")):
        assert render("{{ t|when }}", t=NOON) == "Mar 4, 2026, 21:05"
    assert render("{{ t|when }}", t=None) == ""


def test_admin_dates_use_the_same_format():
    assert formats.localize(timezone.localtime(NOON)) == "Mar 4, 2026, 12:05"


@pytest.mark.parametrize(
    ("before", "shown"),
    [
        (datetime.timedelta(0), "just now"),
        (datetime.timedelta(seconds=59), "just now"),
        (datetime.timedelta(seconds=-30), "just now"),  # a clock a little ahead
        (datetime.timedelta(minutes=5, seconds=30), "5\xa0minutes ago"),
        (datetime.timedelta(days=3, hours=4), "3\xa0days ago"),
    ],
)
def test_ago_reads_well(before, shown):
    assert display.ago(NOON - before, now=NOON) == shown


def test_moment_is_a_time_element():
    html = render("{% moment t %}|{% moment t relative=True %}", t=NOON)
    absolute, relative = html.split("|")
    assert absolute == '<time datetime="2026-03-04T12:05:00+00:00">Mar 4, 2026, 12:05</time>'
    assert relative.startswith('<time datetime="2026-03-04T12:05:00+00:00" title="Mar 4, 2026')
    assert relative.endswith(" ago</time>")
