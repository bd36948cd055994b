"""The live feed: a new event reaches every open feed within a second, in every process.

The database is the source of truth and the only channel between processes. In each
server process one listener asks it for events newer than the last it saw: at once when
Redis rings (REDIS_URL set; the receiver rings after answering), and at the latest every
FEED_POLL_SECONDS otherwise. It fetches them once and hands them to the feeds open in that
process, which only filter and render: a hundred open feeds cost one query per tick.

Feeds are Server-Sent Events. Under ASGI (uvicorn) a feed is a coroutine holding no
thread and no database connection. Under WSGI (runserver) each feed holds a thread, so
there it polls the database itself and ends after a while; the browser reconnects. The
rows themselves are rendered by `rendering`.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import redis
from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import DatabaseError, close_old_connections, connections

from apps.core.cache import UNREACHABLE, breaker_for
from apps.webhooks import selectors
from apps.webhooks.models import Event
from apps.webhooks.rendering import message
from apps.webhooks.selectors import Feed

logger = logging.getLogger(__name__)

CHANNEL = "thinkific-portal:webhooks:events"
BATCH = 500  # events fetched per query
MIN_INTERVAL = 0.05  # seconds between two fetches, however often Redis rings
HEARTBEAT = 15.0  # seconds between keep-alive comments on a quiet feed
MAX_PENDING = 200  # events a slow feed may fall behind before the oldest are dropped
WSGI_HOLD = 25.0  # seconds a feed stays open under WSGI before the browser reconnects
GAP_SECONDS = 5.0  # how long an id skipped by the sequence is looked for again
CLOSE_SECONDS = 1.0  # the most a listener waits for Redis to close its subscription
# Sent before a feed ends on purpose, so the page does not take the reconnect for a fault.
GOODBYE = b"event: reconnect\ndata: planned\n\n"


def poll_interval() -> float:
    return settings.FEED_POLL_SECONDS


def max_seconds() -> float:
    """How long one feed stays open before the browser has to ask (and be checked) again."""
    return getattr(settings, "FEED_MAX_SECONDS", 300)


# -- the doorbell -------------------------------------------------------------------------


@functools.cache
def _redis(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=0.25, socket_connect_timeout=0.25)


def ring() -> None:
    """Tell every process's listener that new events are in the database.

    Only a hint: if Redis is away, the listeners find the events on their next poll (the
    breaker logs the outage once, and spares each ring a connect timeout meanwhile).
    """
    url = settings.REDIS_URL
    if url:
        breaker_for(url).call(lambda: _redis(url).publish(CHANNEL, b"1"), lambda: None)


class _Doorbell:
    """Waits for a ring, or for the poll interval to pass.

    Redis is read on a thread of its own with the blocking client: an asyncio read of
    redis-py cancelled mid-way can wait on its connection for ever (seen when a loop ends
    while a feed is open), where a thread's read simply ends at its timeout.
    """

    def __init__(self) -> None:
        self._pubsub: Any = None
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="feed-doorbell")

    async def open(self) -> None:
        url = settings.REDIS_URL
        if url:  # else, or while Redis is away, the listener polls
            breaker = breaker_for(url)
            self._pubsub = await self._run(breaker.call, lambda: self._subscribe(url), lambda: None)

    async def wait(self, timeout: float) -> None:
        if self._pubsub is None:
            await asyncio.sleep(timeout)
            return
        try:
            await self._run(self._drain, self._pubsub, timeout)
        except UNREACHABLE as exc:
            breaker_for(settings.REDIS_URL).failed(exc)  # the listener polls from now on
            await self.close()

    async def close(self) -> None:
        pubsub, self._pubsub = self._pubsub, None
        if pubsub is not None:
            # Bounded, and never cancelled into the thread: a listener must never keep its
            # loop from ending.
            closing = asyncio.get_running_loop().run_in_executor(self._thread, pubsub.close)
            await asyncio.wait({closing}, timeout=CLOSE_SECONDS)
        self._thread.shutdown(wait=False)

    async def _run(self, function: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._thread, function, *args)

    @staticmethod
    def _subscribe(url: str) -> Any:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=5)
        pubsub = client.pubsub(ignore_subscribe_messages=True)
        pubsub.subscribe(CHANNEL)
        return pubsub

    @staticmethod
    def _drain(pubsub: Any, timeout: float) -> None:
        message = pubsub.get_message(timeout=timeout)
        while message is not None:  # several rings, one fetch
            message = pubsub.get_message(timeout=0)


# -- the listener and its subscribers ----------------------------------------------------


class Subscription:
    """One open feed in this process: the events it still has to send."""

    def __init__(self, feed: Feed):
        self.feed = feed
        self.pending: OrderedDict[int, Event] = OrderedDict()
        self.ready = asyncio.Event()

    def offer(self, events: list[Event]) -> None:
        for event in events:
            if self.feed.matches(event):
                self.pending[event.pk] = event
        while len(self.pending) > MAX_PENDING:
            self.pending.popitem(last=False)
        if self.pending:
            self.ready.set()

    def take(self) -> list[Event]:
        """The pending events, oldest first."""
        events = sorted(self.pending.values(), key=lambda event: event.pk)
        self.pending.clear()
        self.ready.clear()
        return events


class _Gaps:
    """Ids the sequence handed out but not yet committed (or never: a duplicate's insert).

    PostgreSQL may commit id 11 before id 10; the listener looks for such ids again for a
    few seconds so that the late one still reaches the feeds.
    """

    LIMIT = 1000

    def __init__(self) -> None:
        self._seen_at: OrderedDict[int, float] = OrderedDict()

    def ids(self) -> frozenset[int]:
        cutoff = time.monotonic() - GAP_SECONDS
        while self._seen_at and next(iter(self._seen_at.values())) < cutoff:
            self._seen_at.popitem(last=False)
        return frozenset(self._seen_at)

    def update(self, after: int, events: list[Event]) -> None:
        found = {event.pk for event in events}
        for pk in found:
            self._seen_at.pop(pk, None)
        newest = max((pk for pk in found if pk > after), default=after)
        now = time.monotonic()
        for pk in range(max(after + 1, newest - self.LIMIT), newest):
            if pk not in found:
                self._seen_at[pk] = now
        while len(self._seen_at) > self.LIMIT:
            self._seen_at.popitem(last=False)


class Hub:
    """This process's listener and the feeds open in it."""

    def __init__(self) -> None:
        self._subscriptions: set[Subscription] = set()
        self._task: asyncio.Task | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="feed-db")

    @property
    def subscriber_count(self) -> int:
        return len(self._subscriptions)

    @contextlib.asynccontextmanager
    async def subscription(self, feed: Feed) -> AsyncIterator[Subscription]:
        subscription = Subscription(feed)
        self._subscriptions.add(subscription)
        self._ensure_listening()
        try:
            yield subscription
        finally:
            self._subscriptions.discard(subscription)

    async def db(self, function: Callable[..., Any], /, **kwargs: Any) -> Any:
        """Run a database read on the hub's own thread (one connection per process)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._executor, functools.partial(_with_connection, function, **kwargs)
        )

    def _ensure_listening(self) -> None:
        loop = asyncio.get_running_loop()
        task = self._task
        if task is None or task.done() or task.get_loop() is not loop:
            self._task = loop.create_task(self._listen(), name="feed-listener")
            self._task.add_done_callback(self._listener_done)

    def _listener_done(self, task: asyncio.Task) -> None:
        if task.cancelled() or task.exception() is None:
            return
        logger.error("feed listener failed", exc_info=task.exception())
        if self._subscriptions:  # the open feeds must not wait for ever
            task.get_loop().call_later(poll_interval(), self._ensure_listening)

    async def _listen(self) -> None:
        doorbell = _Doorbell()
        await doorbell.open()
        gaps = _Gaps()
        last = None
        behind = False
        try:
            while last is None and self._subscriptions:
                last = await self._retrying(selectors.latest_event_id)
            while self._subscriptions:
                started = time.monotonic()
                if not behind:
                    await doorbell.wait(poll_interval())
                events = await self._retrying(
                    selectors.events_after, after=last, also=gaps.ids(), limit=BATCH
                )
                if events is None:
                    continue
                behind = len(events) == BATCH
                gaps.update(last, events)
                last = max([last, *(event.pk for event in events)])
                if events:
                    for subscription in list(self._subscriptions):
                        subscription.offer(events)
                await asyncio.sleep(max(0.0, MIN_INTERVAL - (time.monotonic() - started)))
        finally:
            await doorbell.close()

    async def _retrying(self, function: Callable[..., Any], **kwargs: Any) -> Any:
        # A database hiccup must not end the listener: the feeds wait for the next tick.
        try:
            return await self.db(function, **kwargs)
        except DatabaseError as exc:
            logger.warning("feed listener could not read events: %s", exc)
            await asyncio.sleep(poll_interval())
            return None


def _with_connection(function: Callable[..., Any], **kwargs: Any) -> Any:
    close_old_connections()  # reconnect after an error or CONN_MAX_AGE, as a request would
    return function(**kwargs)


hub = Hub()


# -- the streams --------------------------------------------------------------------------


async def stream_async(feed: Feed, after: int) -> AsyncIterator[bytes]:
    yield b"retry: 1000\n\n"
    # A feed ends after a while: the browser reconnects from the last id it got, and the
    # stream view checks again that this user may still see these schools.
    deadline = time.monotonic() + max_seconds()
    # This request's thread keeps its database connection for as long as the feed is
    # open; give it back now (the hub reads for everyone).
    await sync_to_async(connections.close_all)()
    async with hub.subscription(feed) as subscription:
        missed = await hub.db(selectors.feed_events_after, feed=feed, after=after)
        if missed:
            subscription.offer(missed)
        while (left := deadline - time.monotonic()) > 0:
            try:
                await asyncio.wait_for(subscription.ready.wait(), min(HEARTBEAT, left))
            except TimeoutError:
                if deadline - time.monotonic() > 0:
                    yield b": keep-alive\n\n"
                continue
            yield message(subscription.take(), feed)
        # Still pending: not lost, the reconnected feed reads them after the last sent id.
    yield GOODBYE


def stream_sync(feed: Feed, after: int) -> Iterator[bytes]:
    yield b"retry: 1000\n\n"
    deadline = time.monotonic() + min(WSGI_HOLD, max_seconds())
    quiet_since = time.monotonic()
    while time.monotonic() < deadline:
        events = selectors.feed_events_after(feed=feed, after=after)
        if events:
            after = max(event.pk for event in events)
            quiet_since = time.monotonic()
            yield message(events, feed)
        elif time.monotonic() - quiet_since > HEARTBEAT:
            quiet_since = time.monotonic()
            yield b": keep-alive\n\n"
        else:
            time.sleep(poll_interval())
    yield GOODBYE
