"""Links and values of history entries in templates."""

import json

from django import template
from django.utils.dateparse import parse_datetime

from apps.core import display
from apps.core.links import link
from apps.core.resources import BY_NAME
from apps.history.models import Entry

register = template.Library()


@register.simple_tag
def record_url(entry: Entry, school_slug: str) -> str:
    """The page of the entry's record ("" when it has none, or was deleted)."""
    if not entry.record_id or entry.action == Entry.Action.DELETE:
        return ""
    if entry.resource == "watches":
        return link("webhooks:watch_edit", school_slug, entry.record_id)
    portal_resource = BY_NAME.get(entry.resource)
    if portal_resource is None or not portal_resource.installed:
        return ""
    parents = [entry.parent_id] if portal_resource.parent_field else []
    if portal_resource.parent_field and not entry.parent_id:
        return ""
    return link(f"{portal_resource.name}:detail", school_slug, *parents, entry.record_id)


@register.simple_tag
def resource_label(name: str) -> str:
    if name == "watches":
        return "Watch"
    portal_resource = BY_NAME.get(name)
    return portal_resource.singular.capitalize() if portal_resource else "API call"


@register.filter
def shown(value) -> str:
    """A before or after value as text: "—" for none, JSON for lists and objects."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    try:
        moment = parse_datetime(value) if isinstance(value, str) else None
    except ValueError:  # shaped like a date-time, but not one
        moment = None
    return display.when(moment) if moment else str(value)


@register.filter
def field_label(field: str) -> str:
    """Thinkific's field name as a label: "expiry_date" -> "Expiry date"."""
    return field.replace("_", " ").capitalize()
