"""Links of history entries in templates (their values: apps.history.display)."""

from django import template

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
    if entry.resource == "events":
        return link("webhooks:event_detail", school_slug, entry.record_id)
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
    if name == "events":
        return "Event"
    portal_resource = BY_NAME.get(name)
    return portal_resource.singular.capitalize() if portal_resource else "API call"
