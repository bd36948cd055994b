"""The client: what it retries, how long it waits, and rate limits."""

import pytest
import requests
import responses

from apps.thinkific import errors
from apps.thinkific.client import (
    BACKOFF_CAP,
    MAX_ATTEMPTS,
)
from tests.thinkific.conftest import refused, reset

USER = {"id": 1, "email": "ada@example.com"}


# -- retries --------------------------------------------------------------------------------


def test_get_is_retried_after_a_server_error_with_backoff(api, retrying, clock):
    api.expect("GET", "/users/1", status=503, body="busy")
    api.expect("GET", "/users/1", status=502, body="busy")
    api.expect("GET", "/users/1", json=USER)

    assert retrying.users.get(1).email == "ada@example.com"

    assert len(api.requests) == 3
    # Equal jitter: each wait within [step/2, step], the step doubling from 0.25 s.
    first, second = clock.sleeps
    assert 0.125 <= first <= 0.25
    assert 0.25 <= second <= 0.5


@pytest.mark.parametrize(
    "failure", [requests.ReadTimeout("slow"), reset(), refused(), requests.ConnectTimeout()]
)
def test_get_is_retried_after_a_network_failure(api, retrying, clock, failure):
    api.expect("GET", "/users/1", body=failure)
    api.expect("GET", "/users/1", json=USER)

    assert retrying.users.get(1).id == 1
    assert len(clock.sleeps) == 1


def test_retries_stop_within_the_total_wait(api, retrying, clock):
    for _ in range(MAX_ATTEMPTS):
        api.expect("GET", "/users/1", status=500, body="down")
    api.mock.assert_all_requests_are_fired = False

    with pytest.raises(errors.ServerError):
        retrying.users.get(1)

    assert sum(clock.sleeps) <= 4.0
    assert all(wait <= BACKOFF_CAP for wait in clock.sleeps)
    assert 2 <= len(api.requests) <= MAX_ATTEMPTS
    assert len(api.requests) == len(clock.sleeps) + 1


def test_no_retry_when_no_wait_is_allowed(api, client, clock):
    api.expect("GET", "/users/1", status=503, body="busy")

    with pytest.raises(errors.ServerError):
        client.users.get(1)
    assert clock.sleeps == []


RESET_FAILURE = reset()


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
@pytest.mark.parametrize(
    "answer",
    [
        {"status": 500, "body": "down"},
        {"status": 503, "body": "busy"},
        {"status": 524, "body": "origin timed out"},  # Cloudflare: the origin had it
        {"body": RESET_FAILURE},
        {"body": requests.ReadTimeout("slow")},
    ],
    ids=["500", "503", "524", "reset", "read-timeout"],
)
def test_writes_are_not_retried_once_they_may_have_reached_thinkific(
    api, retrying, clock, method, answer
):
    api.expect(method, "/groups/1", sent={"name": "x"}, **answer)

    with pytest.raises(errors.ThinkificError):
        retrying.request(method, "groups/1", json={"name": "x"})

    assert len(api.requests) == 1
    assert clock.sleeps == []


@pytest.mark.parametrize(
    "answer",
    [
        {"body": refused()},
        {"body": requests.ConnectTimeout("connect timed out")},
        {"status": 522, "body": "Cloudflare could not connect to the origin"},
    ],
    ids=["refused", "connect-timeout", "cloudflare-522"],
)
def test_a_write_is_retried_when_it_surely_never_reached_thinkific(api, retrying, clock, answer):
    api.expect("POST", "/groups", sent={"name": "x"}, **answer)
    api.expect("POST", "/groups", sent={"name": "x"}, status=200, json={"id": 3, "name": "x"})

    assert retrying.groups.create(name="x").id == 3
    assert len(api.requests) == 2


def reset_header(clock, seconds):
    return {"RateLimit-Reset": str(int((clock.now + seconds) * 1000))}


def test_a_get_answered_429_waits_for_the_reset_then_retries(api, retrying, clock):
    api.expect("GET", "/users/1", status=429, headers=reset_header(clock, 1.5))
    api.expect("GET", "/users/1", json=USER)

    assert retrying.users.get(1).id == 1

    assert clock.sleeps == [pytest.approx(1.5)]


def test_a_429_with_a_reset_beyond_the_wait_cap_is_raised_at_once(api, retrying, clock):
    api.expect("GET", "/users/1", status=429, headers=reset_header(clock, 30))

    with pytest.raises(errors.RateLimitedError) as caught:
        retrying.users.get(1)

    assert caught.value.reset_at == pytest.approx(clock.now + 30)
    assert clock.sleeps == []
    assert retrying.governor.budget().blocked_until == pytest.approx(clock.now + 30)


def test_a_write_answered_429_is_not_retried(api, retrying, clock):
    api.expect("POST", "/groups", sent={"name": "x"}, status=429, headers=reset_header(clock, 1))

    with pytest.raises(errors.RateLimitedError):
        retrying.groups.create(name="x")
    assert clock.sleeps == []


# -- raw sends (the API console) --------------------------------------------------------


def test_raw_is_never_retried(api, retrying, clock):
    api.expect("GET", "/users", status=503, body="busy")

    answer = retrying.raw("GET", retrying.url("users"), max_bytes=100, timeout=5)

    assert answer.status == 503
    assert clock.sleeps == []


@responses.activate
def test_a_raw_send_answered_429_holds_back_the_school(retrying, clock):
    url = retrying.url("users")
    responses.get(url, status=429, headers=reset_header(clock, 20))

    answer = retrying.raw("GET", url, max_bytes=100, timeout=5)

    assert answer.status == 429
    assert retrying.governor.budget().blocked_until == pytest.approx(clock.now + 20)
