import logging
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
import requests
import responses
from responses import matchers
from urllib3.exceptions import MaxRetryError, NewConnectionError, ProtocolError

from apps.thinkific import errors
from apps.thinkific.client import (
    BACKOFF_CAP,
    MAX_ATTEMPTS,
    USER_AGENT,
    ThinkificClient,
    Timeouts,
)
from apps.thinkific.governor import RateGovernor
from apps.thinkific.oauth import TokenSet
from apps.thinkific.resources.users import Users
from tests.thinkific.conftest import ADMIN, KEY, SUBDOMAIN, V2

USER = {"id": 1, "email": "ada@example.com"}


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


# -- construction, URLs, resources ----------------------------------------------------------


def test_a_client_needs_credentials():
    with pytest.raises(ValueError, match="API key or OAuth tokens"):
        ThinkificClient(subdomain=SUBDOMAIN)


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        ("https://api.thinkific.com", "https://api.thinkific.com/api/public/v1/users/7"),
        ("https://api.thinkific.com/", "https://api.thinkific.com/api/public/v1/users/7"),
        ("http://127.0.0.1:8000/sandbox", "http://127.0.0.1:8000/sandbox/api/public/v1/users/7"),
    ],
)
def test_url_appends_the_api_path_to_the_host_root(base_url, expected):
    client = ThinkificClient(subdomain=SUBDOMAIN, base_url=base_url, api_key=KEY)

    assert client.url("/users/7") == expected
    assert client.url("users/7") == expected
    assert client.url("webhooks", api="/api/v2").endswith("/api/v2/webhooks")


def test_resources_are_bound_once_and_unknown_names_fail(client):
    assert isinstance(client.users, Users)
    assert client.users is client.users
    assert client.users.client is client
    with pytest.raises(AttributeError):
        client.no_such_resource  # noqa: B018
    with pytest.raises(AttributeError):
        client._private  # noqa: B018


def test_the_registry_names_every_resource():
    assert set(ThinkificClient.resource_classes()) == {
        "users",
        "instructors",
        "collections",
        "promotions",
        "coupons",
        "orders",
        "enrollments",
        "courses",
        "chapters",
        "contents",
        "products",
        "groups",
        "custom_profile_fields",
        "bundles",
        "course_reviews",
        "external_orders",
        "webhooks",
        "events",
    }


def test_repr_shows_no_credentials(client):
    assert KEY not in repr(client)
    assert SUBDOMAIN in repr(client)


# -- headers and bodies ---------------------------------------------------------------------


def test_an_api_key_client_sends_the_key_pair_and_no_bearer(api, client):
    api.expect("GET", "/users/1", json=USER)

    client.users.get(1)

    headers = api.requests[0].headers
    assert headers["X-Auth-API-Key"] == KEY
    assert headers["X-Auth-Subdomain"] == SUBDOMAIN
    assert headers["User-Agent"] == USER_AGENT
    assert headers["Accept"] == "application/json"
    assert "Authorization" not in headers


def test_an_api_key_client_adds_the_key_as_bearer_on_the_webhooks_api(api, client):
    api.expect("GET", "/events/9", v2=True, json={"id": "9"})

    client.events.get("9")

    headers = api.requests[0].headers
    assert headers["Authorization"] == f"Bearer {KEY}"
    assert headers["X-Auth-API-Key"] == KEY


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


def test_a_json_body_is_sent_as_json(api, client):
    api.expect("POST", "/groups", sent={"name": "Cohort 7"}, status=200, json={"id": 5})

    client.groups.create(name="Cohort 7")

    assert api.requests[0].headers["Content-Type"] == "application/json"


def test_raw_answers_whatever_thinkific_answers_and_keeps_the_credentials(api, client):
    # The API console: the raw answer, its own headers, but never its own credentials.
    api.expect("GET", "/users", status=404, json={"error": "Record not found."})

    answer = client.raw(
        "GET",
        client.url("users"),
        headers={"X-Auth-API-Key": "forged", "X-Console": "yes"},
        max_bytes=1000,
        timeout=5,
    )

    assert (answer.status, answer.reason, answer.cut) == (404, "Not Found", "")
    assert answer.body == b'{"error": "Record not found."}'
    assert answer.header("content-type") == "application/json"
    assert answer.elapsed >= 0
    assert api.requests[0].headers["X-Auth-API-Key"] == KEY
    assert api.requests[0].headers["X-Console"] == "yes"
    assert api.mock.calls[0].request.req_kwargs["stream"] is True


def test_raw_passes_raw_bytes_and_cuts_at_the_size_limit(api, client):
    api.mock.add(
        "POST",
        f"{ADMIN}/users",
        match=[matchers.body_matcher('{"raw": true}')],
        status=201,
        body=b"x" * 100,
    )

    answer = client.raw(
        "POST",
        client.url("users"),
        data=b'{"raw": true}',
        headers={"Content-Type": "application/json"},
        max_bytes=10,
        timeout=5,
    )

    assert (answer.status, answer.body, answer.cut) == (201, b"x" * 10, "size")


def test_raw_is_never_retried(api, retrying, clock):
    api.expect("GET", "/users", status=503, body="busy")

    answer = retrying.raw("GET", retrying.url("users"), max_bytes=100, timeout=5)

    assert answer.status == 503
    assert clock.sleeps == []


def test_redirects_are_not_followed(api, client):
    api.expect("GET", "/users/1", status=302, headers={"Location": "https://elsewhere.test/"})

    with pytest.raises(errors.ThinkificError) as caught:
        client.users.get(1)

    assert caught.value.status == 302
    assert len(api.requests) == 1


@pytest.mark.parametrize(
    ("answer", "expected"),
    [({"status": 204}, None), ({"status": 200, "body": ""}, None), ({"json": [1]}, [1])],
)
def test_request_decodes_json_and_empty_answers(api, client, answer, expected):
    api.expect("GET", "/anything", **answer)

    assert client.request("GET", "anything") == expected


def test_a_2xx_that_is_not_json_is_a_bad_response(api, client):
    api.expect("GET", "/users/1", body="<html>maintenance</html>")

    with pytest.raises(errors.BadResponseError) as caught:
        client.users.get(1)
    assert caught.value.body == "<html>maintenance</html>"


def test_logs_carry_no_credentials(api, client, caplog):
    api.expect("GET", "/users/1", query={"provider": "SSO"}, json=USER)

    with caplog.at_level(logging.DEBUG, logger="apps.thinkific"):
        client.users.get(1, provider="SSO")

    assert "thinkific GET https://api.thinkific.com/api/public/v1/users/1 200" in caplog.text
    assert KEY not in caplog.text


# -- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (401, errors.AuthenticationError),
        (403, errors.PermissionDeniedError),
        (404, errors.NotFoundError),
        (422, errors.ValidationError),
        (500, errors.ServerError),
        (520, errors.ServerError),
    ],
)
def test_non_2xx_answers_raise_typed_errors(api, client, status, kind):
    api.expect("GET", "/users/1", status=status, json={"error": "nope"})

    with pytest.raises(kind):
        client.users.get(1)


@pytest.mark.parametrize(
    ("failure", "message", "never_connected"),
    [
        (requests.ConnectTimeout("connect timed out"), "did not answer in time", True),
        (requests.ReadTimeout("read timed out"), "did not answer in time", False),
        (refused(), "could not be reached", True),
        (requests.ConnectionError("[Errno 111] Connection refused"), "could not be reached", True),
        (reset(), "could not be reached", False),
    ],
)
def test_network_failures_are_network_errors(api, client, failure, message, never_connected):
    api.expect("GET", "/users/1", body=failure)

    with pytest.raises(errors.NetworkError, match=message) as caught:
        client.users.get(1)

    assert caught.value.never_connected is never_connected


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


# -- OAuth tokens ---------------------------------------------------------------------------


def bearer(token):
    return [matchers.header_matcher({"Authorization": f"Bearer {token}"})]


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


# -- raw sends (the API console) ------------------------------------------------------------


@responses.activate
def test_a_raw_send_answered_429_holds_back_the_school(retrying, clock):
    url = retrying.url("users")
    responses.get(url, status=429, headers=reset_header(clock, 20))

    answer = retrying.raw("GET", url, max_bytes=100, timeout=5)

    assert answer.status == 429
    assert retrying.governor.budget().blocked_until == pytest.approx(clock.now + 20)


@pytest.mark.parametrize(
    ("api", "expected"),
    [
        ("/api/public/v1", {"X-Auth-API-Key": "$THINKIFIC_API_KEY", "X-Auth-Subdomain": SUBDOMAIN}),
        (
            "/api/v2",
            {
                "X-Auth-API-Key": "$THINKIFIC_API_KEY",
                "X-Auth-Subdomain": SUBDOMAIN,
                "Authorization": "Bearer $THINKIFIC_API_KEY",
            },
        ),
    ],
)
def test_credential_placeholders_name_the_headers_but_not_the_key(client, api, expected):
    assert client.credential_placeholders(client.url("webhooks", api=api)) == expected


def test_credential_placeholders_for_oauth():
    client = ThinkificClient(subdomain=SUBDOMAIN, tokens=TokenSet("secret-token", "refresh", None))
    placeholders = client.credential_placeholders(client.url("users"))
    assert placeholders == {"Authorization": "Bearer $THINKIFIC_ACCESS_TOKEN"}
