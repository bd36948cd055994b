"""A clock for the log-in brake's tests, moved by the test instead of waited for."""

import time

from django.core.cache import cache
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


def stopped(monkeypatch, settings) -> Clock:
    """A clock that stands still until the test moves it, read by the brake and the cache.

    The cache is the local-memory one even where the suite runs on Redis: Redis expires
    keys by its own clock, which no test moves."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "clock"}
    }
    cache.clear()  # and empty: the suite clears the cache it ran on
    clock = Clock()
    for module in (brake, base, locmem):
        monkeypatch.setattr(module, "time", clock)
    return clock
