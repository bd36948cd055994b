"""A clock for the log-in brake's tests, moved by the test instead of waited for."""

import time

from django.core.cache.backends import base, locmem

from apps.core import brake


class Clock:
    """The time the brake and Django's local-memory cache (its entries' expiry) both read."""

    def __init__(self):
        self.now = 1_700_000_000.0

    def time(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def __getattr__(self, name):
        return getattr(time, name)


def stopped(monkeypatch) -> Clock:
    """A clock that stands still until the test moves it, read by the brake and the cache."""
    clock = Clock()
    for module in (brake, base, locmem):
        monkeypatch.setattr(module, "time", clock)
    return clock
