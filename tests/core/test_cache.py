"""The shared cache while Redis is away: pages answer, the log and the school's home say so
once per outage, no call waits for Redis meanwhile, and Redis is shared again once back."""

import contextlib
import logging
import socket
import socketserver
import threading
import time

import pytest
import redis
from django.core.cache import cache
from django.urls import reverse

from apps.core import cache as shared
from apps.thinkific.governor import RateGovernor
from apps.webhooks import live
from tests.conftest import grant
from tests.users.conftest import API, page_json, user_json

REDIS = ("127.0.0.1", 6379)
DB = 14  # this module's own database on the machine's Redis


def redis_up() -> bool:
    try:
        redis.Redis(*REDIS, db=DB, socket_connect_timeout=0.2).ping()
    except redis.RedisError:
        return False
    return True


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def use_shared_cache(settings, port: int, db: int = 0) -> str:
    url = f"redis://127.0.0.1:{port}/{db}"
    settings.CACHES = {"default": {"BACKEND": "apps.core.cache.SharedCache", "LOCATION": url}}
    settings.REDIS_URL = url
    return url


@pytest.fixture
def redis_down(settings):
    """REDIS_URL set, with nothing listening there."""
    return use_shared_cache(settings, closed_port())


def warnings_in(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.fixture
def connects(monkeypatch) -> list[str]:
    """Every connection redis-py opens, by address."""
    opened = []
    real = redis.connection.Connection._connect

    def counted(self):
        opened.append(f"{self.host}:{self.port}")
        return real(self)

    monkeypatch.setattr(redis.connection.Connection, "_connect", counted)
    return opened


# -- Redis set but down --------------------------------------------------------------------


def test_with_redis_down_the_pages_and_the_log_in_answer_with_one_warning(
    redis_down, client, staff, school, api, caplog
):
    grant(staff, "view_users")
    api.get(f"{API}/users", json=page_json([user_json()]))
    api.get(f"{API}/custom_profile_field_definitions", json=page_json([]))
    api.get(f"{API}/groups", json=page_json([]))
    login = reverse("login")

    refused = client.post(login, {"username": "staff", "password": "wrong"})
    logged_in = client.post(login, {"username": "staff", "password": "pw-staff-123"})
    home = client.get("/s/baking/")
    users = client.get("/s/baking/users/")

    assert refused.status_code == 200 and "_auth_user_id" not in refused.wsgi_request.session
    assert logged_in.status_code == 302
    assert home.status_code == 200
    assert users.status_code == 200 and "Ada Lovelace" in users.content.decode()
    [warning] = warnings_in(caplog)  # one for the outage, not one per call
    assert warning.name == "apps.core.cache"
    message = warning.getMessage()
    assert (
        f"(Redis at {redis_down.removeprefix('redis://')}) unreachable (ConnectionError" in message
    )
    assert "each process keeps its own rate budget" in message


def test_the_school_home_says_the_shared_cache_is_unreachable(redis_down, staff_client, school):
    cache.get("anything")  # the outage begins
    page = staff_client.get("/s/baking/").content.decode()
    assert "<dt>Shared cache</dt>" in page
    assert "Redis has not answered since <time" in page
    assert "each process is keeping its own budget and cache until it is back" in page
    assert "each of the portal's processes counts it on its own" in page
    assert "shares that budget across all its processes" not in page


def test_so_does_the_health_panel_after_a_check(redis_down, staff_client, staff, school, api):
    grant(staff, "check_connection")
    api.get(f"{API}/users", json=page_json([], total=7))
    response = staff_client.post("/s/baking/check/", headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "Connected: the school has 7 users." in page
    assert "Redis has not answered since" in page


def test_with_redis_reachable_the_home_shows_no_outage(staff_client, school):
    page = staff_client.get("/s/baking/").content.decode()
    assert "Shared cache" not in page
    assert "shares that budget across all its processes" in page


def test_while_the_breaker_is_open_no_call_waits_for_redis(redis_down, connects, caplog):
    for n in range(50):
        cache.set(f"k{n}", n)
        assert cache.get(f"k{n}") == n  # kept in the process's memory meanwhile
    assert len(connects) == 1  # the first call found Redis away; the others did not ask

    shared.breaker_for(redis_down)._retry_at = 0.0  # its retry interval has passed
    assert cache.get("k1") == 1
    assert cache.get("k2") == 2
    assert len(connects) == 2  # one call tried Redis again, the next one did not
    assert len(warnings_in(caplog)) == 1


def test_every_call_of_the_cache_api_answers_from_memory(redis_down):
    assert cache.add("n", 1) and not cache.add("n", 5)
    assert cache.incr("n") == 2 and cache.decr("n") == 1
    with pytest.raises(ValueError):
        cache.incr("missing")  # the same contract as with Redis
    assert cache.get_or_set("lazy", lambda: "made") == "made"
    cache.set_many({"a": 1, "b": 2})
    assert cache.get_many(["a", "b", "c"]) == {"a": 1, "b": 2}
    assert cache.has_key("a") and cache.touch("a", 60)
    cache.delete_many(["a"])
    assert cache.delete("b") and cache.get("a") is None
    cache.clear()
    assert cache.get("n") is None


def test_the_rate_governor_counts_in_the_process_while_redis_is_away(redis_down):
    governor = RateGovernor("school-1", limit=3, max_wait=0)
    for _ in range(3):
        governor.acquire()
    assert governor.budget().remaining == 0


def test_a_lock_is_refused_while_redis_is_away(redis_down):
    assert not shared.lock_add("lock", "mine", 60)
    assert not shared.lock_add("lock", "mine", 60)  # with the breaker open too
    assert cache.get("lock") is None  # not taken in memory either


def test_without_a_shared_cache_a_lock_is_the_process_own(db):
    assert shared.lock_add("lock", "mine", 60)
    assert not shared.lock_add("lock", "theirs", 60)


def test_the_feed_doorbell_shares_the_breaker(redis_down, connects, caplog):
    cache.get("anything")  # the cache finds Redis away first
    for _ in range(20):
        live.ring()  # the feeds poll meanwhile
    assert len(connects) == 1
    assert len(warnings_in(caplog)) == 1


def test_the_log_never_shows_the_password(settings, caplog):
    use_shared_cache(settings, closed_port())
    settings.CACHES["default"]["LOCATION"] = settings.CACHES["default"]["LOCATION"].replace(
        "//", "//:s3cret-pass@"
    )
    cache.get("anything")
    [warning] = warnings_in(caplog)
    assert "s3cret" not in warning.getMessage()


# -- what an outage costs ------------------------------------------------------------------


@pytest.fixture
def black_hole():
    """An address that takes connections and never answers (a hung or firewalled Redis)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)  # the kernel completes handshakes; nothing ever reads
        yield listener.getsockname()[1]


def test_a_black_holed_redis_costs_one_timeout_then_nothing(settings, black_hole, connects, caplog):
    use_shared_cache(settings, black_hole)
    started = time.monotonic()
    assert cache.get("k") is None
    waited = time.monotonic() - started
    for _ in range(100):
        cache.get("k")

    # One read timeout (bounded, not Django's default of waiting for ever), then nothing:
    # bench/cache_outage.py measures a call with the breaker open.
    assert shared.READ_SECONDS <= waited < shared.READ_SECONDS + 1.0
    assert len(connects) == 1
    assert len(warnings_in(caplog)) == 1
    assert "TimeoutError" in warnings_in(caplog)[0].getMessage()


# -- and back -----------------------------------------------------------------------------


class Door:
    """A door to the machine's Redis on a port of its own, that a test opens and closes."""

    def __init__(self, port: int):
        self.port = port
        self.server: socketserver.ThreadingTCPServer | None = None
        self.sockets: list[socket.socket] = []

    def open(self) -> None:
        door = self

        class Pipe(socketserver.BaseRequestHandler):
            def handle(self):
                upstream = socket.create_connection(REDIS)
                door.sockets += [self.request, upstream]
                back = threading.Thread(target=_pump, args=(upstream, self.request), daemon=True)
                back.start()
                _pump(self.request, upstream)
                back.join()

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", self.port), Pipe)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None
        for sock in self.sockets:  # connections already made are cut too
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self.sockets.clear()


def _pump(source: socket.socket, target: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            target.sendall(data)
    except OSError:
        pass


@pytest.fixture
def door():
    door = Door(closed_port())
    yield door
    door.close()


@pytest.mark.skipif(not redis_up(), reason="no Redis on 127.0.0.1:6379")
def test_a_cache_that_starts_down_is_shared_again_once_redis_answers(settings, door, caplog):
    caplog.set_level(logging.INFO, logger="apps.core.cache")
    url = use_shared_cache(settings, door.port, DB)
    breaker = shared.breaker_for(url)
    elsewhere = shared.SharedCache(f"redis://{REDIS[0]}:{REDIS[1]}/{DB}", {})  # another process
    elsewhere.clear()

    cache.set("during", 1)  # Redis away: this process only
    assert cache.get("during") == 1 and elsewhere.get("during") is None
    assert shared.outage_since() is not None

    door.open()
    assert cache.get("during") == 1  # the breaker is open: Redis is not asked yet
    breaker._retry_at = 0.0  # its retry interval has passed
    assert cache.get("during") is None  # Redis answers, and it is the cache again
    assert shared.outage_since() is None
    cache.set("after", 2)
    elsewhere.set("from-elsewhere", 3)
    assert elsewhere.get("after") == 2 and cache.get("from-elsewhere") == 3
    RateGovernor("school-1", cache_backend=cache).acquire()
    assert RateGovernor("school-1", cache_backend=elsewhere).budget().remaining == 119
    assert shared.lock_add("lock", "mine", 60) and not elsewhere.add("lock", "theirs", 60)

    door.close()  # a second outage: a second warning, and nothing of the first one's
    assert cache.get("during") is None and cache.get("after") is None
    records = [r for r in caplog.records if r.name == "apps.core.cache"]
    assert [r.levelname for r in records] == ["WARNING", "INFO", "WARNING"]
    assert records[1].getMessage().startswith(f"Shared cache (Redis at {breaker.name}) is back")
    elsewhere.clear()
