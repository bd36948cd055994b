"""The feed's rows as HTML, and as the Server-Sent Events message that carries them."""

from __future__ import annotations

from collections import OrderedDict

from django.template.loader import get_template
from django.utils import timezone

from apps.webhooks import describe
from apps.webhooks.models import Event
from apps.webhooks.selectors import Feed

MAX_ROWS_PER_MESSAGE = 50

_row_cache: OrderedDict[tuple, str] = OrderedDict()


def render_rows(events: list[Event], feed: Feed) -> str:
    """The feed's rows for `events`, newest first; each row rendered once per kind of viewer."""
    template = get_template("webhooks/event_list.html#row")
    html = []
    for event in reversed(events[-MAX_ROWS_PER_MESSAGE:]):
        key = (event.pk, feed.links, feed.cross_school, feed.time_zone)
        row = _row_cache.get(key)
        if row is None:
            with timezone.override(feed.time_zone or None):
                row = template.render(
                    {
                        "row": describe.Row(event, tuple(describe.describe(event, feed.links))),
                        "show_school": feed.cross_school,
                        "fresh": True,
                    }
                )
            _row_cache[key] = row
            while len(_row_cache) > 2000:
                _row_cache.popitem(last=False)
        html.append(row)
    return "".join(html)


def message(events: list[Event], feed: Feed) -> bytes:
    """One SSE message: the rows, with the newest id to resume from."""
    lines = [line.strip() for line in render_rows(events, feed).splitlines() if line.strip()]
    data = "".join(f"data: {line}\n" for line in lines)
    return f"id: {max(event.pk for event in events)}\nevent: events\n{data}\n".encode()
