"""Keeps a school under Thinkific's request budget, across every server process.

A sliding-window estimate over two fixed one-minute windows kept in Django's cache
(Redis in production, so all processes share the count). When Thinkific itself answers
429, the reset time it gives is stored too, so no process calls again before it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.cache import cache

from apps.thinkific import errors

WINDOW = 60.0


@dataclass(frozen=True)
class Budget:
    limit: int
    remaining: int
    resets_in: float


class RateGovernor:
    def __init__(self, key: str, *, limit: int = 120, max_wait: float = 2.0, cache_backend=None):
        self.key = f"thinkific:rate:{key}"
        self.limit = limit
        self.max_wait = max_wait
        self.cache = cache_backend or cache

    def acquire(self) -> None:
        """Take one request from the budget, waiting briefly if needed; else raise."""
        deadline = time.monotonic() + self.max_wait
        while True:
            now = time.time()
            blocked_until = self.cache.get(f"{self.key}:blocked") or 0
            wait = blocked_until - now
            if wait <= 0:
                used = self._used(now)
                if used < self.limit:
                    self._count(now)
                    return
                wait = self._wait_for_room(now)
            if time.monotonic() + wait > deadline:
                raise errors.RateLimitedError(
                    "The portal is holding back to stay within Thinkific's request budget.",
                    reset_at=now + wait,
                )
            time.sleep(wait)

    def block_until(self, reset_at: float) -> None:
        """Thinkific answered 429: hold every process back until `reset_at` (epoch seconds)."""
        timeout = max(1, int(reset_at - time.time()) + 1)
        self.cache.set(f"{self.key}:blocked", reset_at, timeout)

    def budget(self) -> Budget:
        now = time.time()
        used = self._used(now)
        return Budget(
            limit=self.limit,
            remaining=max(0, self.limit - int(used + 0.999)),
            resets_in=WINDOW - now % WINDOW,
        )

    def _window_key(self, now: float, offset: int = 0) -> str:
        return f"{self.key}:{int(now // WINDOW) + offset}"

    def _used(self, now: float) -> float:
        current_key, previous_key = self._window_key(now), self._window_key(now, -1)
        counts = self.cache.get_many([current_key, previous_key])
        elapsed = (now % WINDOW) / WINDOW
        return counts.get(previous_key, 0) * (1 - elapsed) + counts.get(current_key, 0)

    def _count(self, now: float) -> None:
        current_key = self._window_key(now)
        if not self.cache.add(current_key, 1, int(WINDOW * 2)):
            try:
                self.cache.incr(current_key)
            except ValueError:  # expired between add and incr
                self.cache.add(current_key, 1, int(WINDOW * 2))

    def _wait_for_room(self, now: float) -> float:
        # The previous window's weight falls linearly; wait a slice of a second and look again.
        return min(1.0, WINDOW - now % WINDOW) + 0.01
