"""One date format, one time format, one percentage format: every page, the history, the
jobs and the console write them through `apps.core.display` (and its filters in
`apps.core.templatetags.portal`). This finds any template or module that formats a date,
a time or a percentage its own way, so a new one fails here rather than on a page.

CSV downloads write ISO 8601 and plain numbers (`.isoformat()`), which nothing here flags.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# In templates: Django's own date, time and number filters, and a percent sign after a value.
TEMPLATE_PATTERNS = {
    "date or time filter": re.compile(r"\|\s*(date|time)\b"),
    "humanize or floatformat": re.compile(r"\b(floatformat|naturaltime|naturalday|intcomma)\b"),
    "timesince filter": re.compile(r"\|\s*(timesince|timeuntil)\b"),
    "now tag": re.compile(r"\{%\s*now\b"),
    "a percentage by widthratio": re.compile(r"\{%\s*widthratio\s+\S+\s+\S+\s+100\s*%\}"),
    "a percent sign after a value": re.compile(r"(\}\}|%\})\s*%(?!\})"),
}
# In Python: strftime, Django's formatters, f-string date specs and percent signs.
PYTHON_PATTERNS = {
    "strftime": re.compile(r"\.strftime\("),
    "Django's date formatters": re.compile(
        r"\b(dateformat\.|date_format\(|time_format\(|naturaltime|timesince\()"
    ),
    "an f-string date spec": re.compile(r"\{[^{}\"']*:%[A-Za-z]"),
    "a percent sign after a value": re.compile(r"\}\s?%(?![sdrif(])"),
    "Python's percent spec": re.compile(r"\{[^{}\"']*:[^{}\"']*%\}"),
}
# Where a pattern is right: each with its reason.
ALLOWED = {
    ("apps/core/display.py", "Django's date formatters"): "the one place that formats",
    ("apps/core/display.py", "a percent sign after a value"): "percent()",
    ("apps/index/sync.py", "strftime"): "Thinkific's updated_after query, never shown",
}


def templates() -> list[Path]:
    return sorted([*(ROOT / "templates").rglob("*.html"), *(ROOT / "apps").rglob("*.html")])


def modules() -> list[Path]:
    # The sandbox writes Thinkific's wire formats, not the portal's pages; migrations are history.
    return sorted(
        path
        for path in (ROOT / "apps").rglob("*.py")
        if "sandbox" not in path.parts and "migrations" not in path.parts
    )


def strays(paths: list[Path], patterns: dict[str, re.Pattern]) -> list[str]:
    found = []
    for path in paths:
        name = path.relative_to(ROOT).as_posix()
        for number, line in enumerate(path.read_text().splitlines(), 1):
            for what, pattern in patterns.items():
                if pattern.search(line) and (name, what) not in ALLOWED:
                    found.append(f"{name}:{number}: {what}: {line.strip()}")
    return found


def test_templates_format_dates_times_and_percentages_only_through_the_portal_filters():
    assert templates(), "no templates found: the paths above are wrong"
    assert strays(templates(), TEMPLATE_PATTERNS) == []


def test_modules_format_dates_times_and_percentages_only_through_display():
    assert modules(), "no modules found: the paths above are wrong"
    assert strays(modules(), PYTHON_PATTERNS) == []


def test_every_allowance_is_still_needed():
    """An allowance outlives its reason only unseen: each must still match its file."""
    everything = {**TEMPLATE_PATTERNS, **PYTHON_PATTERNS}
    for (name, what), reason in ALLOWED.items():
        text = (ROOT / name).read_text()
        assert everything[what].search(text), f"{name} no longer needs {what!r} ({reason})"


@pytest.mark.parametrize(
    ("line", "what"),
    [
        ('{{ job.created_at|date:"j M Y, H:i" }}', "date or time filter"),
        ("{{ call.created_at|date }}", "date or time filter"),
        ('{{ t|time:"H:i:s" }}', "date or time filter"),
        ("{{ share|floatformat:1 }}", "humanize or floatformat"),
        ("{{ event.received_at|naturaltime }}", "humanize or floatformat"),
        ("{{ t|timesince }}", "timesince filter"),
        ('{% now "Y" %}', "now tag"),
        ("{% widthratio e.percentage_completed 1 100 %}", "a percentage by widthratio"),
        ("{{ progress.percent }} %", "a percent sign after a value"),
        ("{{ amount }}%", "a percent sign after a value"),
    ],
)
def test_each_template_pattern_finds_its_kind(line, what):
    assert TEMPLATE_PATTERNS[what].search(line)


@pytest.mark.parametrize(
    ("line", "what"),
    [
        ('since.strftime("%Y-%m-%d")', "strftime"),
        ("dateformat.format(day, fmt)", "Django's date formatters"),
        ('formats.date_format(value, "DATE_FORMAT")', "Django's date formatters"),
        ('label = f"{day:%b} {day.day}"', "an f-string date spec"),
        ('return f"{amount.normalize():f} %"', "a percent sign after a value"),
        ('return f"{rounded}%"', "a percent sign after a value"),
        ('f"{share:.1%}"', "Python's percent spec"),
    ],
)
def test_each_python_pattern_finds_its_kind(line, what):
    assert PYTHON_PATTERNS[what].search(line)


@pytest.mark.parametrize(
    "line",
    [
        "{% moment job.created_at %}",
        "{{ progress.percent|percent }}",
        "{{ enrollment.percentage_completed|percent:1 }}",
        "{% if page.current_page > 1 %}",  # a tag's closing %}, not a percent sign
        "{% widthratio chapter.duration_in_seconds 60 1 %} min",  # a duration
    ],
)
def test_the_portals_own_ways_pass_the_template_patterns(line):
    assert not any(pattern.search(line) for pattern in TEMPLATE_PATTERNS.values())


@pytest.mark.parametrize(
    "line",
    [
        'logger.info("retry in %.2fs", delay)',
        'text = moment.isoformat(" ", "seconds")',
        'f"{display.date(day)}: {total} events"',
        'f"Waiting {seconds:.0f} s"',
        'f"{{ {name} }}%s"',
    ],
)
def test_the_portals_own_ways_pass_the_python_patterns(line):
    assert not any(pattern.search(line) for pattern in PYTHON_PATTERNS.values())
