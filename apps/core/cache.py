"""The shared cache (Redis, when `REDIS_URL` is set), and what happens while it is away.

Processes share the per-school rate budget, the log-in brake's counts, a few locks and
the read-once lists through Django's cache. When Redis stops answering, pages must go on
as they do without Redis, each process on its own: `SharedCache` then answers from a
cache in the process's memory, says so once in the log and on the school's home, and
asks Redis again every `RETRY_SECONDS` (a circuit breaker: while it is open no call waits
for Redis at all). Once Redis answers, it is the cache again; what the memory kept is
dropped before another outage could serve it.
"""

from __future__ import annotations

import enum
import functools
import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar
from urllib.parse import urlsplit

import redis
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)
T = TypeVar("T")

RETRY_SECONDS = 5.0  # how long Redis is left alone after it failed, before one call tries it
# Redis answers in a millisecond when it is well; these bound what the first call of an
# outage waits (the read's margin is for a busy machine, where 0.25 s was seen to pass).
CONNECT_SECONDS = 0.25
READ_SECONDS = 0.5
FALLBACK_ENTRIES = 5000  # the memory cache's size: budgets and brakes of many schools

# Redis away or unwell: refused, timed out, read-only after a failover, out of memory, a
# wrong password. Any other refusal of Redis's is logged the same way, never raised.
UNREACHABLE = (redis.RedisError, OSError)


class Attempt(enum.Enum):
    SKIP = "skip"  # the breaker is open: answer from memory
    CALL = "call"  # Redis is up
    PROBE = "probe"  # Redis is down and it is time to try it again


class Breaker:
    """Whether one Redis is thought reachable, for every thread of the process."""

    def __init__(self, name: str):
        self.name = name  # host:port/db, never the password
        self.down_since: datetime | None = None
        self.outages = 0  # how many times it has opened in this process
        self.memory_emptied_for = 0  # the outage the fallback memory was last emptied for
        self._lock = threading.Lock()
        self._retry_at = 0.0  # time.monotonic()

    def attempt(self) -> Attempt:
        if self.down_since is None:
            return Attempt.CALL
        with self._lock:
            if self.down_since is None:
                return Attempt.CALL
            now = time.monotonic()
            if now < self._retry_at:
                return Attempt.SKIP
            self._retry_at = now + RETRY_SECONDS  # one probe at a time; the rest use memory
            return Attempt.PROBE

    def failed(self, exc: BaseException) -> None:
        """Redis failed a call: open (once per outage, with the one warning), or stay open."""
        with self._lock:
            self._retry_at = time.monotonic() + RETRY_SECONDS
            if self.down_since is not None:
                return
            self.down_since = datetime.now(UTC)
            self.outages += 1
        logger.warning(
            "Shared cache (Redis at %s) unreachable (%s: %s): each process keeps its own "
            "rate budget, log-in counts and cache until it answers; retrying every %g s",
            self.name,
            type(exc).__name__,
            exc,
            RETRY_SECONDS,
        )

    def recovered(self) -> None:
        """A probe succeeded: close."""
        with self._lock:
            since, self.down_since = self.down_since, None
        if since is not None:
            seconds = (datetime.now(UTC) - since).total_seconds()
            logger.info("Shared cache (Redis at %s) is back after %.0f s", self.name, seconds)

    def call(self, shared: Callable[[], T], fallback: Callable[[], T]) -> T:
        """`shared()` when Redis is thought reachable or due a probe; else, or when it
        fails because Redis is away, `fallback()`."""
        attempt = self.attempt()
        if attempt is not Attempt.SKIP:
            try:
                result = shared()
            except UNREACHABLE as exc:
                self.failed(exc)
            else:
                if attempt is Attempt.PROBE:
                    self.recovered()
                return result
        return fallback()


_breakers: dict[str, Breaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(url: str) -> Breaker:
    """The process's breaker for the Redis at `url` (the cache and the feed's doorbell
    share it, so one outage makes one warning)."""
    parts = urlsplit(url.split(";")[0].split(",")[0])
    name = f"{parts.hostname}:{parts.port or 6379}{parts.path or '/0'}"
    with _breakers_lock:
        return _breakers.setdefault(name, Breaker(name))


def outage_since() -> datetime | None:
    """Since when this process has found the shared cache unreachable; None while it is
    reachable, or when there is no shared cache."""
    breaker = getattr(caches["default"], "breaker", None)
    return breaker.down_since if breaker else None


def _guarded(name: str):
    """The RedisCache method `name`, answered from memory while Redis is unreachable."""
    shared = getattr(RedisCache, name)

    @functools.wraps(shared)
    def method(self: SharedCache, *args, **kwargs):
        return self.breaker.call(
            lambda: shared(self, *args, **kwargs),
            lambda: getattr(self.memory(), name)(*args, **kwargs),
        )

    return method


_memory_lock = threading.Lock()


class SharedCache(RedisCache):
    """Django's Redis cache that falls back to the process's memory while Redis is away.

    Every method of Django's cache API goes through one of these (`get_or_set`, `decr`
    and the async ones are built on them), so no cache call raises because of Redis.
    """

    def __init__(self, server, params):
        timeouts = {"socket_connect_timeout": CONNECT_SECONDS, "socket_timeout": READ_SECONDS}
        super().__init__(server, {**params, "OPTIONS": {**timeouts, **params.get("OPTIONS", {})}})
        self.breaker = breaker_for(self._servers[0])
        # LocMemCache keeps its entries per name, so the process's threads share them.
        local = {**params, "OPTIONS": {"MAX_ENTRIES": FALLBACK_ENTRIES}}
        self._memory = LocMemCache(f"shared-cache-fallback:{self.breaker.name}", local)

    add = _guarded("add")
    get = _guarded("get")
    set = _guarded("set")
    touch = _guarded("touch")
    delete = _guarded("delete")
    get_many = _guarded("get_many")
    has_key = _guarded("has_key")
    incr = _guarded("incr")
    set_many = _guarded("set_many")
    delete_many = _guarded("delete_many")
    clear = _guarded("clear")

    def memory(self) -> LocMemCache:
        """The process's cache for this outage; what an earlier outage kept is dropped
        first (Redis has moved on since)."""
        breaker = self.breaker
        if breaker.memory_emptied_for != breaker.outages:
            with _memory_lock:
                outage = breaker.outages
                if breaker.memory_emptied_for != outage:
                    self._memory.clear()
                    breaker.memory_emptied_for = outage
        return self._memory

    def exclusive_add(self, key, value, timeout, version=None) -> bool:
        """`add` for a lock: refused rather than taken in memory while Redis is away."""
        return self.breaker.call(
            lambda: RedisCache.add(self, key, value, timeout, version), lambda: False
        )


def lock_add(key: str, value, timeout: int) -> bool:
    """`cache.add` for a lock that must hold across processes. While the shared cache is
    unreachable it is refused: in each process's memory, two processes could both hold it.
    (Without a shared cache at all each process is on its own, as documented.)"""
    backend = caches["default"]
    if isinstance(backend, SharedCache):
        return backend.exclusive_add(key, value, timeout)
    return backend.add(key, value, timeout)
