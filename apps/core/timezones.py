"""Each staff member sees times in their own zone, chosen on the time zone page.

The choice is a `Preference` row, copied into the session on first use so that a page
costs no query for it; the TIME_ZONE setting stays the default.

Near the calendar's ends (year 1, year 9999) a zone's clock can run past what Python
can hold: `local` and the day bounds below are the only ways the portal turns a moment
into the zone's clock or a day into moments, and they never fail there.
"""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, time, tzinfo
from functools import cache

from django import forms
from django.conf import settings
from django.utils import timezone

from apps.core.models import Preference
from apps.thinkific.records import in_utc

SESSION_KEY = "portal_time_zone"


@cache
def names() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


def is_known(name: str) -> bool:
    return name in names()


def preferred(request) -> str:
    """The time zone the user chose, or "" for the site's default."""
    if not request.user.is_authenticated:
        return ""
    if SESSION_KEY not in request.session:
        row = Preference.objects.filter(user=request.user).first()
        request.session[SESSION_KEY] = row.time_zone if row else ""
    name = request.session[SESSION_KEY]
    return name if is_known(name) else ""


def time_zone_set(*, request, name: str) -> None:
    """Store `name` ("" for the default) as the user's zone, and use it from now on."""
    Preference.objects.update_or_create(user=request.user, defaults={"time_zone": name})
    request.session[SESSION_KEY] = name
    activate(name)


def activate(name: str) -> None:
    if name:
        timezone.activate(zoneinfo.ZoneInfo(name))
    else:
        timezone.deactivate()


def current_name() -> str:
    return timezone.get_current_timezone_name() or settings.TIME_ZONE


def local(value: datetime, zone: tzinfo | None = None) -> tuple[datetime, str]:
    """An aware `value` on the clock of `zone` (the active one by default), and ""; or,
    where that clock would be before year 1 or after 9999, on UTC's (else its own) and
    that zone's name, to be written beside it."""
    try:
        return value.astimezone(zone or timezone.get_current_timezone()), ""
    except OverflowError:
        pass
    try:
        return value.astimezone(UTC), "UTC"
    except OverflowError:  # such as "0001-01-01T00:00+05:00", read from a history entry
        return value, value.tzname() or ""


def day_first(day: date) -> datetime:
    """The first moment of `day` in the active zone (in UTC), or the calendar's first."""
    return in_utc(timezone.make_aware(datetime.combine(day, time.min)))


def day_last(day: date) -> datetime:
    """The last moment of `day` in the active zone (in UTC), or the calendar's last: a
    filter "until `day`" is `<= day_last(day)`, "after `day`" is `> day_last(day)`."""
    # fold=1: where the clock turns back at midnight, the day ends after its second 23:59.
    return in_utc(timezone.make_aware(datetime.combine(day, time.max.replace(fold=1))))


class TimeZoneMiddleware:
    """Activates the user's zone for the request: pages, feed and admin alike."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        activate(preferred(request))
        return self.get_response(request)


class TimeZoneForm(forms.Form):
    time_zone = forms.ChoiceField(
        label="Time zone",
        required=False,
        help_text="Times on every page, in the activity feed and in the admin are shown in it.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        default = f"The site's default ({settings.TIME_ZONE})"
        self.fields["time_zone"].choices = [("", default), *((n, n) for n in names())]
