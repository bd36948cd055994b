"""The log-in brake's parts: its counters under parallel claims, its words, the client's
address and the checks of its settings. (What the log-in pages do with it: test_auth.py.)"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache
from django.core.checks import run_checks
from django.test import RequestFactory

from apps.core import brake


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (0.2, "1 second"),
        (1, "1 second"),
        (2.5, "3 seconds"),
        (60, "60 seconds"),
        (61, "2 minutes"),
        (900, "15 minutes"),
    ],
)
def test_a_wait_in_words(seconds, words):
    assert brake.in_words(seconds) == words


def test_parallel_checks_cannot_slip_past_a_wait(clock):
    subject = brake.Subject("account", "parallel", free=2)
    assert [subject.claim() for _ in range(3)] == [0, 0, 0]  # the allowance, all at once
    assert subject.claim() > 0  # a fourth would be a failure past it before any wait
    for _ in range(3):
        subject.failed()
    clock.advance(1)
    assert subject.claim() == 0
    assert subject.claim() == brake.BUSY_WAIT  # one check at a time past the allowance
    subject.failed()
    assert subject.claim() == 2  # and then its wait
    clock.advance(2)
    assert subject.claim() == 0
    subject.release()
    assert subject.claim() == 0


def test_a_counter_forgotten_during_a_check_counts_the_failure_once(clock):
    subject = brake.Subject("account", "forgotten", free=0)
    assert subject.claim() == 0
    cache.delete(subject.counter)  # expired, or evicted, while the password was checked
    subject.failed()
    assert brake.split(cache.get(subject.counter)) == (1, 0)
    clock.advance(1)
    assert subject.claim() == 0
    cache.delete(subject.counter)
    subject.release()  # nothing to give back
    assert cache.get(subject.counter) is None


@pytest.mark.parametrize("free", [0, 3])
def test_threads_claiming_at_once_get_one_check_past_the_allowance(clock, free):
    subject = brake.Subject("account", f"threads-{free}", free=free)
    for _ in range(free + 1):  # the allowance used up, and the first wait over
        assert subject.claim() == 0
        subject.failed()
    clock.advance(1)
    start = threading.Barrier(16)

    def claim(_):
        start.wait()
        return subject.claim()

    with ThreadPoolExecutor(16) as pool:
        waits = list(pool.map(claim, range(16)))
    assert waits.count(0) == 1


def test_threads_claiming_a_fresh_allowance_at_once_get_only_the_allowance(clock):
    subject = brake.Subject("address", "threads-fresh", free=3)
    start = threading.Barrier(16)

    def claim(_):
        start.wait()
        return subject.claim()

    with ThreadPoolExecutor(16) as pool:
        waits = list(pool.map(claim, range(16)))
    assert waits.count(0) == 4


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "1.1.1.1", "10.0.0.1"),  # no proxy trusted: the header is anyone's to write
        (1, "6.6.6.6, 1.1.1.1", "1.1.1.1"),  # what the client wrote itself comes first
        (2, "6.6.6.6, 1.1.1.1, 172.16.0.2", "1.1.1.1"),
        (2, "1.1.1.1", "10.0.0.1"),  # fewer hops than proxies: not through them
        (1, "", "10.0.0.1"),
    ],
)
def test_the_client_address_behind_trusted_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert brake.client_address(request) == expected


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("203.0.113.9", "203.0.113.9"),
        ("2001:db8:1:2::5", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.9", "203.0.113.9"),  # an IPv4 client through an IPv6 socket
        ("fe80::1%eth0", "fe80::/64"),
    ],
)
def test_an_address_and_the_clients_it_stands_for(address, key):
    assert brake.address_key(address) == key


def test_an_address_that_is_no_address_is_still_one_key():
    assert brake.address_key("unknown") == brake.address_key("unknown") != brake.address_key("")


def test_a_brake_that_never_waits_fails_the_checks(settings):
    settings.LOGIN_MAX_WAIT = 0
    assert "portal.E005" in [message.id for message in run_checks()]
    settings.LOGIN_MAX_WAIT = 1
    assert "portal.E005" not in [message.id for message in run_checks()]
