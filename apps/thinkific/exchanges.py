"""What the client tells its listeners after each call: `Exchange`.

A listener (say, the portal's history of writes) is any callable taking an `Exchange`; it
is given to the client when the client is built and called once per call, after the call's
last attempt, whether it succeeded or not. A listener that raises is logged and ignored:
it never changes what the caller gets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from apps.thinkific.errors import ThinkificError

WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True, slots=True)
class Exchange:
    """One call as the caller made it and how it ended: `answer` is the decoded JSON (or,
    for a raw call, the `RawResponse`) when it succeeded, `error` when it did not."""

    method: str
    path: str
    api: str
    params: dict | None = None
    body: Any = None
    answer: Any = None
    error: ThinkificError | None = None
    raw: bool = False

    @property
    def is_write(self) -> bool:
        return self.method in WRITES


Listener = Callable[[Exchange], None]
