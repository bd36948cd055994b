"""Links to the portal's pages from ids that Thinkific sent, which may have no page.

Thinkific types its ids as "number": 0, -7, 2**64 and 2.5 are all valid in its contract,
while a portal URL takes a whole number from 0 to 2**63 - 1 (`converters.ThinkificIdConverter`).
A record with any other id is shown as it is, without a link to it.
"""

from django.urls import NoReverseMatch, reverse

from apps.core.converters import MAX_ID


def link(name: str, *args) -> str:
    """The URL of the page `name` with `args`, or "" where there is none: an id no portal
    URL takes, or a part of the portal that is not installed."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def linkable(record_id: object) -> bool:
    """Whether `record_id` is one a portal URL takes: for links built by hand, where a
    `reverse` per row would cost too much."""
    return type(record_id) is int and 0 <= record_id <= MAX_ID
