"""What the resources' services share when they write to Thinkific."""

from __future__ import annotations

from typing import Any


def update_changed(endpoint, record_id: int, fields: dict[str, Any]) -> bool:
    """Send `fields` as the record's update (`endpoint` is the client's, like
    `client.users`), unless there are none: a save without a change makes no request.
    Whether anything was sent."""
    if not fields:
        return False
    endpoint.update(record_id, **fields)
    return True
