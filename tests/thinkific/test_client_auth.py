"""The client with OAuth tokens: bearer headers and the refresh callback."""

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
import responses
from responses import matchers

from apps.thinkific import errors
from apps.thinkific.client import (
    USER_AGENT,
    ThinkificClient,
    Timeouts,
)
from apps.thinkific.oauth import TokenSet
from tests.thinkific.conftest import ADMIN, KEY, SUBDOMAIN, V2

USER = {"id": 1, "email": "ada@example.com"}


class Refresher:
    """Stands in for the connection's refresh callback: hands out new tokens, or fails."""

    def __init__(self, *, fresh=None, error=None):
        self.fresh, self.error = fresh, error
        self.stale: list[TokenSet] = []

    def __call__(self, stale):
        self.stale.append(stale)
        if self.error:
            raise self.error
        return self.fresh


def oauth_client(tokens, refresher=None, **kwargs):
    return ThinkificClient(
        subdomain=SUBDOMAIN,
        tokens=tokens,
        refresh_tokens=refresher or Refresher(fresh=fresh_tokens("new", "refresh-2")),
        timeouts=Timeouts(max_retry_wait=0),
        **kwargs,
    )


def fresh_tokens(access="access-1", refresh="refresh-1"):
    return TokenSet(access, refresh, datetime.now(UTC) + timedelta(hours=2))


def bearer(token):
    return [matchers.header_matcher({"Authorization": f"Bearer {token}"})]


@pytest.mark.parametrize(
    ("call", "url"),
    [
        (lambda client: client.users.get(1), f"{ADMIN}/users/1"),
        (lambda client: client.webhooks.get("1"), f"{V2}/webhooks/1"),
    ],
)
def test_an_oauth_client_sends_only_its_bearer_token(call, url):
    client = oauth_client(fresh_tokens())
    with responses.RequestsMock() as mock:
        mock.get(url, json={"id": 1})

        call(client)

        headers = mock.calls[0].request.headers
    assert headers["Authorization"] == "Bearer access-1"
    assert "X-Auth-API-Key" not in headers
    assert "X-Auth-Subdomain" not in headers
    assert headers["User-Agent"] == USER_AGENT


def test_an_expiring_token_is_refreshed_before_the_call():
    expiring = TokenSet("old", "refresh-1", datetime.now(UTC) + timedelta(seconds=10))
    refresher = Refresher(fresh=fresh_tokens("new", "refresh-2"))
    client = oauth_client(expiring, refresher)
    with responses.RequestsMock() as mock:
        mock.get(f"{ADMIN}/users/1", json=USER, match=bearer("new"))

        client.users.get(1)
        client.users.get(1)  # the fresh token is kept: no second refresh

        assert len(mock.calls) == 2
    assert refresher.stale == [expiring]


def test_a_401_refreshes_the_token_and_retries_once():
    revoked = fresh_tokens("revoked")
    refresher = Refresher(fresh=fresh_tokens("new", "refresh-2"))
    client = oauth_client(revoked, refresher)
    with responses.RequestsMock() as mock:
        mock.post(
            f"{ADMIN}/groups",
            status=401,
            json={"error": "Authentication Error"},
            match=bearer("revoked"),
        )
        mock.post(f"{ADMIN}/groups", status=200, json={"id": 4}, match=bearer("new"))

        assert client.groups.create(name="x").id == 4

        assert len(mock.calls) == 2
    assert refresher.stale == [revoked]


def test_a_401_after_the_refresh_is_raised_without_another_refresh():
    refresher = Refresher(fresh=fresh_tokens("new", "refresh-2"))
    client = oauth_client(fresh_tokens(), refresher)
    with responses.RequestsMock() as mock:
        mock.get(f"{ADMIN}/users/1", status=401, json={"error": "Authentication Error"})

        with pytest.raises(errors.AuthenticationError):
            client.users.get(1)

        assert len(mock.calls) == 2
    assert len(refresher.stale) == 1


def test_a_refused_refresh_is_raised():
    refusal = errors.AuthenticationError("Thinkific refused the token request: invalid_grant")
    client = oauth_client(fresh_tokens(), Refresher(error=refusal))
    with responses.RequestsMock() as mock:
        mock.get(f"{ADMIN}/users/1", status=401, json={})

        with pytest.raises(errors.AuthenticationError, match="invalid_grant"):
            client.users.get(1)


def test_threads_sharing_a_client_refresh_once():
    expiring = TokenSet("old", "refresh-1", datetime.now(UTC) + timedelta(seconds=10))
    started = threading.Barrier(4)

    calls = []

    def slow_refresh(stale):
        calls.append(stale)
        time.sleep(0.05)  # long enough for the other threads to find the token stale too
        return fresh_tokens("new", "refresh-2")

    client = oauth_client(expiring, slow_refresh)
    with responses.RequestsMock() as mock:
        mock.get(f"{ADMIN}/users/1", json=USER, match=bearer("new"))

        def fetch():
            started.wait()
            client.users.get(1)

        threads = [threading.Thread(target=fetch) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert len(mock.calls) == 4
    assert calls == [expiring]


@pytest.mark.parametrize(
    "client_kwargs",
    [
        {"api_key": KEY},
        {"tokens": TokenSet("access", "", None), "refresh_tokens": Refresher()},
        {"tokens": TokenSet("access", "refresh", None)},  # nothing to refresh with
    ],
    ids=["api-key", "no-refresh-token", "no-refresh-callback"],
)
def test_a_401_without_a_way_to_refresh_is_raised_at_once(client_kwargs):
    client = ThinkificClient(
        subdomain=SUBDOMAIN, timeouts=Timeouts(max_retry_wait=0), **client_kwargs
    )
    with responses.RequestsMock() as mock:
        mock.get(f"{ADMIN}/users/1", status=401, json={"error": "Authentication Error"})

        with pytest.raises(errors.AuthenticationError):
            client.users.get(1)

        assert len(mock.calls) == 1
