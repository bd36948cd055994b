"""The JSON body of an event, as delivered and as GET /api/v2/events/<id> answers it."""

from __future__ import annotations

from apps.sandbox import models as m
from apps.sandbox.events.topics import WITH_GLOBAL_ID, WITH_TIMESTAMP
from apps.sandbox.formats import stamp


def envelope(event: m.Event) -> dict:
    """The JSON body Thinkific POSTs, and GET /api/v2/events/<id> answers."""
    body = {
        "id": event.id,
        "resource": event.resource,
        "action": event.action,
        "tenant_id": str(event.school_id),
    }
    if event.topic in WITH_GLOBAL_ID:
        body["tenant_global_id"] = str(event.school.gid)
    body["created_at"] = stamp(event.created_at)
    if event.topic in WITH_TIMESTAMP:
        body["timestamp"] = int(event.created_at.timestamp())
    # Thinkific's samples list payload keys alphabetically; PostgreSQL's jsonb keeps no order.
    body["payload"] = dict(sorted(event.payload.items()))
    return body
