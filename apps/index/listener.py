"""The portal's own writes keep the index fresh: a client listener applies each
successful write's answer (or, for an update answered by 204, the fields it sent) to
the row, with no further call to Thinkific. Added in `connections.services.client_for`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from apps.index import records, storing
from apps.index.models import IndexedEnrollment, IndexedName
from apps.thinkific.apis import ADMIN_API
from apps.thinkific.exchanges import Exchange
from apps.thinkific.records import to_int

# The Admin API path of each resource whose writes the index follows.
WRITABLE = {
    "users": "users",
    "instructors": "instructors",
    "enrollments": "enrollments",
    "collections": "categories",
    "groups": "groups",
}


def index_listener(connection_id: int) -> Callable[[Exchange], None]:
    """A listener for one school's client."""

    def listen(exchange: Exchange) -> None:
        if exchange.is_write and exchange.error is None and exchange.api == ADMIN_API:
            write_apply(connection_id, exchange)

    return listen


def write_apply(connection_id: int, exchange: Exchange) -> bool:
    """Apply one successful write to the index; False when it concerns no indexed row."""
    segments = exchange.path.strip("/").split("/")
    name = WRITABLE.get(segments[0])
    if name is None or len(segments) > 2 or (exchange.params or {}).get("provider"):
        return False  # a sub-resource, or a user named by an external id
    kind = records.BY_NAME[name]
    if len(segments) == 1:
        if exchange.method != "POST" or not isinstance(exchange.answer, dict):
            return False
        row = kind.row(kind.record.from_api(exchange.answer))
        applied = storing.apply(kind.model, connection_id, row, as_of=timezone.now(), partial=True)
        return applied.outcome != "stale"
    record_id = to_int(segments[1])
    if record_id is None:
        return False
    if exchange.method == "DELETE":
        if name == "users":  # Thinkific deletes the user's enrollments with them
            IndexedEnrollment.objects.filter(
                connection_id=connection_id, user_id=record_id
            ).delete()
        return bool(storing.remove(kind, connection_id, [record_id]))
    if exchange.method in ("PUT", "PATCH") and isinstance(exchange.body, dict):
        return _update(kind, connection_id, record_id, exchange.body)
    return False


def _update(kind: records.Kind, connection_id: int, record_id: int, body: dict[str, Any]) -> bool:
    # The fields sent, read as the record reads them, over the stored row.
    known = {**body, "id": record_id}
    fresh = kind.row(kind.record.from_api(known))
    sent = {field for field in body} | {"thinkific_id"}
    changes = {field: value for field, value in fresh.items() if field in sent}
    if kind.model is IndexedName:
        changes["kind"] = kind.name_kind

    def derive(row) -> None:
        if "first_name" in body or "last_name" in body:
            row.full_name = f"{row.first_name} {row.last_name}".strip()

    # A row the index lacks comes whole from the next read, not half from this write.
    applied = storing.apply(
        kind.model, connection_id, changes, as_of=timezone.now(), derive=derive, create=False
    )
    return applied.outcome not in ("stale", "missing")
