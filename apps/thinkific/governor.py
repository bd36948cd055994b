"""Keeps a school under Thinkific's request budget, across every server process.

A sliding-window estimate over two fixed one-minute windows kept in Django's cache
(Redis in production, so all processes share the count). When Thinkific itself answers
429, the reset time it gives is stored too, so no process calls again before it.
"""

from __future__ import annotations

import contextlib
import math
import time
from dataclasses import dataclass

from django.core.cache import BaseCache, cache

from apps.thinkific import errors

WINDOW = 60.0


@dataclass(frozen=True)
class Budget:
    """What is left of a school's budget, for pages that show it."""

    limit: int
    remaining: int
    resets_in: float
    blocked_until: float | None = None  # epoch seconds, while Thinkific's 429 holds


class RateGovernor:
    """One school's budget: `limit` requests a minute, waiting at most `max_wait` for room."""

    def __init__(
        self,
        key: str,
        *,
        limit: int = 120,
        max_wait: float = 2.0,
        cache_backend: BaseCache | None = None,
    ):
        self.key = f"thinkific:rate:{key}"
        self.limit = limit
        self.max_wait = max_wait
        self.cache = cache_backend or cache

    def acquire(self) -> None:
        """Take one request from the budget, waiting briefly if needed; else raise.

        Raises `errors.RateLimitedError` at once when the wait would exceed `max_wait`,
        so a page fails fast instead of hanging.
        """
        deadline = time.monotonic() + self.max_wait
        while True:
            now = time.time()
            blocked = self._blocked_for(now)
            wait = blocked or self._take(now)
            if not wait:
                return
            if time.monotonic() + wait > deadline:
                raise errors.RateLimitedError(
                    "The portal is holding back: Thinkific answered 429 and asked it to wait."
                    if blocked
                    else "The portal is holding back to stay within Thinkific's request budget.",
                    reset_at=now + wait,
                    held_back=True,
                )
            time.sleep(wait)

    def block_until(self, reset_at: float) -> None:
        """Thinkific answered 429: hold every process back until `reset_at` (epoch seconds)."""
        remaining = reset_at - time.time()
        if remaining > 0:
            self.cache.set(self._blocked_key, reset_at, int(remaining) + 1)

    def budget(self) -> Budget:
        """The budget now, without spending any of it."""
        now = time.time()
        previous, current = self._counts(now)
        used = self._estimate(now, previous, current)
        blocked_until = self.cache.get(self._blocked_key)
        if not blocked_until or blocked_until <= now:
            blocked_until = None
        return Budget(
            limit=self.limit,
            remaining=0 if blocked_until else max(0, self.limit - math.ceil(used)),
            resets_in=WINDOW - now % WINDOW,
            blocked_until=blocked_until,
        )

    # -- internals ------------------------------------------------------------------------

    @property
    def _blocked_key(self) -> str:
        return f"{self.key}:blocked"

    def _blocked_for(self, now: float) -> float:
        return max(0.0, (self.cache.get(self._blocked_key) or 0) - now)

    def _take(self, now: float) -> float:
        """Counts one request if there is room (answers 0); else the wait before a retry.

        Count first, then check: the cache's increment is atomic, so two processes can
        never both take the last slot. A request that finds no room gives its count back.
        """
        current_key = self._window_key(now)
        if self.cache.add(current_key, 1, int(WINDOW * 2)):
            current = 1
        else:
            try:
                current = self.cache.incr(current_key)
            except ValueError:  # expired between add and incr
                self.cache.add(current_key, 1, int(WINDOW * 2))
                current = 1
        previous = self.cache.get(self._window_key(now, -1)) or 0
        if self._estimate(now, previous, current) <= self.limit:
            return 0.0
        with contextlib.suppress(ValueError):  # the window expired meanwhile: nothing to return
            self.cache.decr(current_key)
        return self._wait_for_room(now, previous, current - 1)

    def _wait_for_room(self, now: float, previous: int, current: int) -> float:
        elapsed = (now % WINDOW) / WINDOW
        room = self.limit - current - 1
        if room >= 0 and previous:
            # The previous window's weight falls linearly: wait until it has fallen enough.
            return max(0.01, (1 - room / previous - elapsed) * WINDOW + 0.01)
        return WINDOW * (1 - elapsed) + 0.01  # this window is full: wait for the next

    def _counts(self, now: float) -> tuple[int, int]:
        current_key, previous_key = self._window_key(now), self._window_key(now, -1)
        counts = self.cache.get_many([current_key, previous_key])
        return counts.get(previous_key, 0), counts.get(current_key, 0)

    @staticmethod
    def _estimate(now: float, previous: int, current: int) -> float:
        elapsed = (now % WINDOW) / WINDOW
        return previous * (1 - elapsed) + current

    def _window_key(self, now: float, offset: int = 0) -> str:
        return f"{self.key}:{int(now // WINDOW) + offset}"
