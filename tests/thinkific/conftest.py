"""Fixtures for the client's tests: a mocked Thinkific that checks every request it gets."""

from __future__ import annotations

import json

import pytest
import requests
import responses
from responses import matchers
from urllib3.exceptions import MaxRetryError, NewConnectionError, ProtocolError

from apps.thinkific import client as client_module
from apps.thinkific import errors as errors_module
from apps.thinkific import governor as governor_module
from apps.thinkific.client import USER_AGENT, ThinkificClient, Timeouts
from apps.thinkific.governor import RateGovernor

BASE = "https://api.thinkific.com"
ADMIN = f"{BASE}/api/public/v1"
V2 = f"{BASE}/api/v2"
KEY = "k3y" * 10 + "xy"
SUBDOMAIN = "baking-school"
TIMEOUTS = Timeouts(connect=3.0, read=7.0, max_retry_wait=0)
NO_BODY = object()


def envelope(items, *, page=1, next_page=None, total_pages=1, total_items=None):
    """An Admin API list answer."""
    return {
        "items": items,
        "meta": {
            "pagination": {
                "current_page": page,
                "next_page": next_page,
                "prev_page": page - 1 or None,
                "total_pages": total_pages,
                "total_items": len(items) if total_items is None else total_items,
                "entries_info": f"1-{len(items)} of {len(items)}",
            }
        },
    }


@pytest.fixture
def client():
    """A client with a site API key; it never retries (max_retry_wait=0)."""
    return ThinkificClient(subdomain=SUBDOMAIN, api_key=KEY, timeouts=TIMEOUTS)


def _no_body(request):
    return request.body is None, f"expected no body, got {request.body!r}"


class Api:
    """The requests a test expects: each matched on method, URL, exact query and body."""

    def __init__(self, mock: responses.RequestsMock):
        self.mock = mock

    def expect(self, method, path, *, query=None, sent=NO_BODY, v2=False, **answer):
        """`sent`: the exact JSON body, or a predicate on it; absent: no body at all."""
        match = [matchers.query_param_matcher(query or {}, strict_match=True)]
        if sent is NO_BODY:
            match.append(_no_body)
        elif callable(sent):
            match.append(lambda request: (sent(json.loads(request.body)), "body predicate"))
        else:
            match.append(matchers.json_params_matcher(sent, strict_match=True))
        url = (V2 if v2 else ADMIN) + path
        return self.mock.add(method, url, match=match, **answer)

    @property
    def requests(self):
        return [call.request for call in self.mock.calls]

    def check_every_request(self):
        for request in self.requests:
            headers = request.headers
            assert headers["X-Auth-API-Key"] == KEY
            assert headers["X-Auth-Subdomain"] == SUBDOMAIN
            assert headers["User-Agent"] == USER_AGENT
            assert headers["Accept"] == "application/json"
            if request.url.startswith(V2):
                assert headers["Authorization"] == f"Bearer {KEY}"
            else:
                assert "Authorization" not in headers
            if request.body is not None:
                assert headers["Content-Type"] == "application/json"
            assert request.req_kwargs["timeout"] == (3.0, 7.0)


@pytest.fixture
def api():
    """Mocked Thinkific: every expected request must come, each with the key's headers."""
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        recorder = Api(mock)
        yield recorder
        recorder.check_every_request()


class FakeClock:
    """Stands in for the `time` module: sleeping moves the clock on, instantly."""

    def __init__(self, start: float):
        self.now = start
        self.sleeps: list[float] = []

    def time(self) -> float:
        return self.now

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0
        self.sleeps.append(seconds)
        self.now += seconds

    def advance(self, seconds: float) -> None:
        self.now += seconds


# The start of a one-minute window, so tests can reason about where in it they are.
WINDOW_START = 28_333_333 * 60.0


@pytest.fixture
def clock(monkeypatch):
    """A fake clock for the client, the governor and the errors (no real sleeping)."""
    fake = FakeClock(WINDOW_START)
    for module in (client_module, governor_module, errors_module):
        monkeypatch.setattr(module, "time", fake)
    return fake


@pytest.fixture
def retrying(clock):
    """A client that may wait up to 4 s in all for retries (on the fake clock)."""
    return ThinkificClient(
        subdomain=SUBDOMAIN,
        api_key=KEY,
        timeouts=Timeouts(connect=3.0, read=7.0, max_retry_wait=4.0),
        governor=RateGovernor("school:1", limit=1000),
    )


def refused():
    cause = NewConnectionError(None, "Failed to establish a new connection: [Errno 111] refused")
    return requests.ConnectionError(MaxRetryError(None, "/users", cause))


def reset():
    cause = ProtocolError("Connection aborted.", ConnectionResetError(104, "reset by peer"))
    return requests.ConnectionError(cause)
