"""The live feed's listener and streams, run on a real event loop and database."""

import asyncio
import time

import pytest
import redis
from django.db import connection as db_connection
from django.db.backends.signals import connection_created

from apps.connections.models import Connection
from apps.webhooks import live, rendering
from apps.webhooks.describe import Links
from apps.webhooks.selectors import Feed
from tests.webhooks.factories import event

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def schools(db):
    make = Connection.objects.create
    return (
        make(name="Baking", slug="baking", subdomain="baking", api_key="b" * 32),
        make(name="Pottery", slug="pottery", subdomain="pottery", api_key="p" * 32),
    )


@pytest.fixture
def hub(monkeypatch, settings):
    settings.FEED_POLL_SECONDS = 0.05
    fresh = live.Hub()
    monkeypatch.setattr(live, "hub", fresh)
    opened = []

    def remember(sender, connection, **kwargs):
        opened.append(connection)

    connection_created.connect(remember, weak=False)
    yield fresh
    connection_created.disconnect(remember)
    fresh._executor.shutdown()
    # Give back the connections the test's threads hold (the hub's reader, the async
    # client's): with a pool they would stay out, and PostgreSQL would refuse to drop
    # the test database while they are open.
    for wrapper in opened:
        wrapper.inc_thread_sharing()
        try:
            wrapper.close()
        finally:
            wrapper.dec_thread_sharing()


async def in_thread(function, *args, **kwargs):
    # The test's own database work, off the event loop (as a request would do it).
    return await asyncio.to_thread(_closing, function, *args, **kwargs)


def _closing(function, *args, **kwargs):
    try:
        return function(*args, **kwargs)
    finally:
        db_connection.close()


async def collect(stream):
    return [chunk async for chunk in stream]


async def next_batch(subscription, timeout=2.0):
    await asyncio.wait_for(subscription.ready.wait(), timeout)
    return [e.topic for e in subscription.take()]


def test_one_listener_fans_new_events_out_to_matching_feeds(hub, schools):
    baking, pottery = schools
    one_school = Feed(connection_ids=frozenset({baking.pk}))
    both = Feed(connection_ids=frozenset({baking.pk, pottery.pk}))
    orders = Feed(connection_ids=frozenset({baking.pk}), topics=frozenset({"order.created"}))

    async def scenario():
        async with (
            hub.subscription(one_school) as a,
            hub.subscription(both) as b,
            hub.subscription(orders) as c,
        ):
            assert hub.subscriber_count == 3
            await asyncio.sleep(0.2)  # the listener has read where the table ends
            await in_thread(event, baking, "user.signup")
            await in_thread(event, pottery, "order.created")
            await in_thread(event, baking, "order.created")
            await asyncio.sleep(0.3)
            return a.take(), b.take(), c.take()

    a, b, c = asyncio.run(scenario())
    assert [e.topic for e in a] == ["user.signup", "order.created"]
    assert [(e.connection.slug, e.topic) for e in b] == [
        ("baking", "user.signup"),
        ("pottery", "order.created"),
        ("baking", "order.created"),
    ]
    assert [(e.connection.slug, e.topic) for e in c] == [("baking", "order.created")]
    assert hub.subscriber_count == 0


def test_the_listener_stops_with_the_last_feed_and_starts_again(hub, schools):
    feed = Feed(connection_ids=frozenset({schools[0].pk}))

    async def scenario():
        async with hub.subscription(feed):
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.2)
        stopped = hub._task.done()
        async with hub.subscription(feed) as again:
            await asyncio.sleep(0.2)
            await in_thread(event, schools[0], "lead.created")
            return stopped, await next_batch(again)

    stopped, topics = asyncio.run(scenario())
    assert stopped
    assert topics == ["lead.created"]


def test_a_stream_sends_what_it_missed_then_what_arrives(hub, schools):
    baking = schools[0]
    seen = event(baking, "user.signup")
    missed = event(baking, "order.created", order_number=7, amount_cents=100)
    feed = Feed(connection_ids=frozenset({baking.pk}), links=Links(users=True))

    async def scenario():
        stream = live.stream_async(feed, after=seen.pk)
        messages = [await anext(stream), await anext(stream)]
        late = asyncio.ensure_future(anext(stream))
        await asyncio.sleep(0.2)
        arrived = await in_thread(event, baking, "enrollment.completed")
        messages.append(await asyncio.wait_for(late, 2))
        await stream.aclose()  # the browser went away
        return messages, arrived

    messages, arrived = asyncio.run(scenario())
    assert messages[0] == b"retry: 1000\n\n"
    assert messages[1].startswith(f"id: {missed.pk}\nevent: events\n".encode())
    assert b"Order #7: $1.00" in messages[1]
    assert messages[2].startswith(f"id: {arrived.pk}\n".encode())
    assert (
        b'<a href="/s/baking/users/123456/">Robert Smith</a> completed Intro to Baking'
        in (messages[2])
    )
    assert hub.subscriber_count == 0


def test_a_quiet_stream_sends_keep_alives(hub, schools, monkeypatch):
    monkeypatch.setattr(live, "HEARTBEAT", 0.1)
    feed = Feed(connection_ids=frozenset({schools[0].pk}))

    async def scenario():
        stream = live.stream_async(feed, after=0)
        first = [await anext(stream), await anext(stream)]
        await stream.aclose()
        return first

    assert asyncio.run(scenario()) == [b"retry: 1000\n\n", b": keep-alive\n\n"]


def test_streamed_rows_show_times_in_the_viewers_zone(schools):
    row = event(schools[0], "user.signup", first_name="Ann")
    row.received_at = row.received_at.replace(hour=12, minute=0)
    utc = rendering.render_rows([row], Feed(connection_ids=frozenset({schools[0].pk})))
    tokyo = rendering.render_rows(
        [row], Feed(connection_ids=frozenset({schools[0].pk}), time_zone="Asia/Tokyo")
    )
    assert ", 12:00</time>" in utc
    assert ", 21:00</time>" in tokyo


def test_a_slow_feed_keeps_the_newest_events(schools):
    feed = Feed(connection_ids=frozenset({schools[0].pk}))
    events = [event(schools[0]) for _ in range(live.MAX_PENDING + 5)]

    async def scenario():
        subscription = live.Subscription(feed)
        subscription.offer(events)
        return subscription.take()

    kept = asyncio.run(scenario())
    assert [e.pk for e in kept] == [e.pk for e in events[5:]]


def test_ids_committed_out_of_order_are_looked_for_again(monkeypatch):
    gaps = live._Gaps()

    class E:
        def __init__(self, pk):
            self.pk = pk

    gaps.update(10, [E(11), E(14)])
    assert gaps.ids() == {12, 13}
    gaps.update(14, [E(12)])
    assert gaps.ids() == {13}
    monkeypatch.setattr(live, "GAP_SECONDS", -1)
    assert gaps.ids() == frozenset()


def test_rows_are_rendered_once_per_kind_of_viewer(schools, monkeypatch):
    row = event(schools[0], "user.signup", first_name="Ann")
    feed = Feed(connection_ids=frozenset({schools[0].pk}))
    renders = []
    real = rendering.describe.describe
    monkeypatch.setattr(rendering.describe, "describe", lambda *a: renders.append(1) or real(*a))
    rendering.render_rows([row], feed)
    rendering.render_rows([row], feed)
    rendering.render_rows([row], Feed(connection_ids=feed.connection_ids, links=Links(users=True)))
    assert len(renders) == 2


def redis_up(url="redis://127.0.0.1:6379/15"):
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.2).ping()
    except redis.RedisError:
        return False
    return True


@pytest.mark.skipif(not redis_up(), reason="no Redis on 127.0.0.1:6379")
def test_redis_rings_the_listener_before_its_next_poll(hub, schools, settings):
    settings.REDIS_URL = "redis://127.0.0.1:6379/15"
    settings.FEED_POLL_SECONDS = 5.0  # only a ring can be this quick
    feed = Feed(connection_ids=frozenset({schools[0].pk}))

    async def scenario():
        async with hub.subscription(feed) as subscription:
            await asyncio.sleep(0.3)  # subscribed to the channel
            await in_thread(event, schools[0], "user.signup")
            started = time.monotonic()
            await in_thread(live.ring)
            topics = await next_batch(subscription, timeout=2)
            return topics, time.monotonic() - started

    topics, waited = asyncio.run(scenario())
    assert topics == ["user.signup"]
    assert waited < 1.0


def test_without_redis_ringing_does_nothing(settings, monkeypatch):
    settings.REDIS_URL = ""
    with monkeypatch.context() as patched:
        patched.setattr(live, "_redis", lambda url: pytest.fail(f"connected to {url}"))
        live.ring()  # no error, no connection attempt


def test_an_unreachable_redis_is_logged_once_never_raised(settings, caplog):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    live.ring()  # the feeds poll instead
    live.ring()
    [record] = [r for r in caplog.records if r.levelname == "WARNING"]
    assert record.getMessage().startswith("Shared cache (Redis at 127.0.0.1:1/0) unreachable (")


def test_while_redis_is_away_a_listener_polls(hub, schools, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    feed = Feed(connection_ids=frozenset({schools[0].pk}))

    async def scenario():
        async with hub.subscription(feed) as subscription:
            await asyncio.sleep(0.3)  # the listener is listening
            await in_thread(event, schools[0], "user.signup")
            await in_thread(live.ring)
            return await next_batch(subscription, timeout=2)

    assert asyncio.run(scenario()) == ["user.signup"]


def test_under_asgi_the_feed_streams_from_the_hub(hub, schools, django_user_model):
    from django.test import AsyncClient

    from tests.conftest import grant

    user = django_user_model.objects.create_user("ann", "ann@example.com", "pw-ann-12345")
    schools[0].members.add(user)
    grant(user, "view_events")
    before = event(schools[0], "user.signup")

    async def scenario():
        client = AsyncClient()
        await client.aforce_login(user)
        response = await client.get(f"/s/baking/activity/stream/?after={before.pk}")
        stream = aiter(response.streaming_content)
        first = await anext(stream)
        await asyncio.sleep(0.2)
        arrived = await in_thread(event, schools[0], "order.created")
        message = await asyncio.wait_for(anext(stream), 2)
        subscribers = hub.subscriber_count
        await stream.aclose()
        return response, first, message, arrived, subscribers

    response, first, message, arrived, subscribers = asyncio.run(scenario())
    assert response["Content-Type"] == "text/event-stream"
    assert first == b"retry: 1000\n\n"
    assert message.startswith(f"id: {arrived.pk}\nevent: events\n".encode())
    assert subscribers == 1


def test_the_listener_outlives_a_database_hiccup(hub, schools, monkeypatch):
    from django.db import OperationalError

    feed = Feed(connection_ids=frozenset({schools[0].pk}))
    real = live.selectors.latest_event_id
    failures = iter([OperationalError("server closed the connection")])

    def flaky():
        for failure in failures:
            raise failure
        return real()

    monkeypatch.setattr(live.selectors, "latest_event_id", flaky)

    async def scenario():
        async with hub.subscription(feed) as subscription:
            await asyncio.sleep(0.3)
            await in_thread(event, schools[0], "user.signup")
            return await next_batch(subscription)

    assert asyncio.run(scenario()) == ["user.signup"]


def test_a_stream_ends_after_its_lifetime_and_the_next_one_loses_nothing(hub, schools, settings):
    settings.FEED_MAX_SECONDS = 0.5
    baking = schools[0]
    seen = event(baking, "user.signup")
    feed = Feed(connection_ids=frozenset({baking.pk}))

    async def scenario():
        stream = live.stream_async(feed, after=seen.pk)
        started = time.monotonic()
        messages = await asyncio.wait_for(collect(stream), 5)  # ends: the browser reconnects
        lasted = time.monotonic() - started
        # Between the two streams: the reconnect sends Last-Event-ID (here none was sent).
        between = await in_thread(event, baking, "order.created")
        again = live.stream_async(feed, after=seen.pk)
        resumed = [await anext(again), await asyncio.wait_for(anext(again), 2)]
        await again.aclose()
        return messages, lasted, between, resumed

    messages, lasted, between, resumed = asyncio.run(scenario())
    assert messages == [b"retry: 1000\n\n", live.GOODBYE]  # the page knows it is planned
    assert 0.4 < lasted < 3
    assert resumed[1].startswith(f"id: {between.pk}\n".encode())
    assert hub.subscriber_count == 0


def test_an_asgi_feed_is_authorised_again_when_it_reconnects(
    hub, schools, settings, django_user_model
):
    from django.test import AsyncClient

    from tests.conftest import grant

    settings.FEED_MAX_SECONDS = 0.3
    user = django_user_model.objects.create_user("ann", "ann@example.com", "pw-ann-12345")
    schools[0].members.add(user)
    grant(user, "view_events")

    async def scenario():
        client = AsyncClient()
        await client.aforce_login(user)
        response = await client.get("/s/baking/activity/stream/")
        chunks = await asyncio.wait_for(collect(response.streaming_content), 5)  # it ends
        await in_thread(schools[0].members.remove, user)  # removed from the school
        again = await client.get("/s/baking/activity/stream/")
        return response, chunks, again

    response, chunks, again = asyncio.run(scenario())
    assert response.status_code == 200 and chunks == [b"retry: 1000\n\n", live.GOODBYE]
    assert again.status_code in (403, 404)
