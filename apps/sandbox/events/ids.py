"""Thinkific's 23-digit, time-ordered string ids for webhooks and events."""

from __future__ import annotations

import secrets
import threading
from datetime import UTC, datetime

_lock = threading.Lock()
_last = 0


def timestamp_id(moment: datetime) -> str:
    """`YYYYMMDDhhmmss` + microseconds + 3 random digits; increasing within a process."""
    global _last
    base = int(moment.astimezone(UTC).strftime("%Y%m%d%H%M%S%f")) * 1000
    with _lock:
        _last = max(base + secrets.randbelow(1000), _last + 1)
        return str(_last)
