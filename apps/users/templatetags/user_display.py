"""How user fields read on the portal's pages."""

import functools
from datetime import date
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone
from django.utils.translation import get_language

from apps.core import display
from apps.core.links import linkable
from apps.core.timezones import local
from apps.users.forms import PROVIDER_CHOICES, ROLE_LABELS

register = template.Library()

# The users table's rows (users/user_list.html). Built in Python, as Django admin builds
# its changelist's rows: a template costs about 20 variable lookups a row, a page of 250
# rows more than the rest of the page and its upstream call together.
ROW = (
    '<tr><td>{name}</td><td class="wrap">{email}</td>'
    '<td>{roles}</td><td class="optional">{company}</td>'
    '<td class="nowrap optional">{created}</td>{actions}</tr>\n'
)
LINKED = '<a href="{url}{state}">{name}</a>'
BADGE = '<span class="badge">{}</span> '
NO_ROLE = '<span class="muted">Student</span>'
CREATED = '<time datetime="{}">{}</time>'
EDIT = '<a class="button small" href="{url}edit/{state}">Edit</a>'
DELETE = (
    '<a class="button small" href="{url}delete/{state}" hx-get="{url}delete/{state}"'
    ' hx-target="#confirm-slot" hx-swap="innerHTML show:top">Delete</a>'
)


@register.filter
def role_label(role: str) -> str:
    """`course_admin` -> "Course admin" (unknown roles as Thinkific sent them)."""
    return ROLE_LABELS.get(role, role)


@register.filter
def provider_label(provider: str) -> str:
    """`OPENID_CONNECT` -> "OpenID Connect" (unknown ones as sent)."""
    return dict(PROVIDER_CHOICES).get(provider, provider)


@register.filter
def commission(person) -> str:
    """An affiliate's commission as set: "15%" or "$15.00 per sale"; "—" when none."""
    amount = person.affiliate_commission
    if amount is None:
        return "—"
    if person.affiliate_commission_type == "$":
        return f"{display.money(amount * 100)} per sale"
    return display.percent(amount, as_set=True)


@functools.lru_cache(maxsize=4096)
def _day(day: date, language: str | None) -> str:
    """The day's label, escaped; formatting dates is slow, and a school's pages show the
    same days again and again."""
    return escape(display.date(day))


def _text(value) -> str:
    """As the template's autoescaping shows `value` (safe strings as they are)."""
    return value if isinstance(value, SafeString) else escape(str(value))


@register.simple_tag
def user_rows(people, list_base: str, state: str, can_change: bool, can_delete: bool) -> str:
    """The table rows of `people`: links under `list_base` carrying the list `state`, and
    the Edit and Delete buttons for those who may."""
    base, state = _text(list_base), _text(state)
    zone, language = get_current_timezone(), get_language()
    rows = []
    for person in people:
        name = _text(person.name or "(no name)")
        edit = delete = ""
        if linkable(person.id):  # an id from Thinkific that no URL takes has no page
            url = f"{base}{person.id}/"
            name = LINKED.format(url=url, state=state, name=name)
            edit = EDIT.format(url=url, state=state) if can_change else ""
            delete = DELETE.format(url=url, state=state) if can_delete else ""
        actions = ""
        if can_change or can_delete:
            actions = f'<td class="row-actions">{edit} {delete}</td>'
        created = ""
        if person.created_at:  # aware, as records read times
            moment, other_zone = local(person.created_at, zone)
            day = _day(moment.date(), language)
            day = f"{day} {escape(other_zone)}" if other_zone else day
            created = CREATED.format(escape(person.created_at.isoformat()), day)
        roles = "".join(BADGE.format(_text(role_label(role))) for role in person.roles)
        rows.append(
            ROW.format(
                name=name,
                email=_text(person.email),
                roles=roles or NO_ROLE,
                company=_text(person.company or ""),
                created=created,
                actions=actions,
            )
        )
    return mark_safe("".join(rows))
