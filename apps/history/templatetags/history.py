"""Links of history entries in templates (their values: apps.history.display)."""

from django import template
from django.urls import NoReverseMatch, reverse

from apps.core.resources import BY_NAME
from apps.history.models import Entry

register = template.Library()


@register.simple_tag
def record_url(entry: Entry, school_slug: str) -> str:
    """The page of the entry's record ("" when it has none, or was deleted)."""
    if not entry.record_id or entry.action == Entry.Action.DELETE:
        return ""
    if entry.resource == "watches":
        return _reverse("webhooks:watch_edit", school_slug, entry.record_id)
    if entry.resource == "events":
        return _reverse("webhooks:event_detail", school_slug, entry.record_id)
    portal_resource = BY_NAME.get(entry.resource)
    if portal_resource is None or not portal_resource.installed:
        return ""
    parents = [entry.parent_id] if portal_resource.parent_field else []
    if portal_resource.parent_field and not entry.parent_id:
        return ""
    return _reverse(f"{portal_resource.name}:detail", school_slug, *parents, entry.record_id)


@register.simple_tag
def resource_label(name: str) -> str:
    if name == "watches":
        return "Watch"
    if name == "events":
        return "Event"
    portal_resource = BY_NAME.get(name)
    return portal_resource.singular.capitalize() if portal_resource else "API call"


def _reverse(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""
