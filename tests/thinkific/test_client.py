import logging
import time

import pytest
import requests
from responses import matchers

from apps.thinkific import errors
from apps.thinkific.client import (
    USER_AGENT,
    ThinkificClient,
)
from apps.thinkific.oauth import TokenSet
from apps.thinkific.resources.users import Users
from tests.thinkific.conftest import ADMIN, KEY, SUBDOMAIN, refused, reset

USER = {"id": 1, "email": "ada@example.com"}


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


def test_the_constructor_binds_every_declared_resource(client):
    for name, resource in ThinkificClient.resource_classes().items():
        assert type(vars(client)[name]) is resource


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


def test_a_json_body_is_sent_as_json(api, client):
    api.expect("POST", "/groups", sent={"name": "Cohort 7"}, status=200, json={"id": 5})

    client.groups.create(name="Cohort 7")

    assert api.requests[0].headers["Content-Type"] == "application/json"


def test_raw_answers_whatever_thinkific_answers_and_keeps_the_credentials(api, client):
    # The API console: the raw answer, its own headers, but never its own credentials.
    api.expect("GET", "/users", status=404, json={"error": "Record not found."})

    before = time.monotonic()
    answer = client.raw(
        "GET",
        client.url("users"),
        headers={"X-Auth-API-Key": "forged", "X-Console": "yes"},
        max_bytes=1000,
        timeout=5,
    )
    took = time.monotonic() - before

    assert (answer.status, answer.reason, answer.cut) == (404, "Not Found", "")
    assert answer.body == b'{"error": "Record not found."}'
    assert answer.header("content-type") == "application/json"
    assert 0 < answer.elapsed <= took  # measured around this one request
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


# -- credentials shown as placeholders --------------------------------------------------


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


# -- what HTTP cannot carry ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({"X-Test": "euro€"}, "only Latin-1 characters"),
        ({"X-Test": "a\r\nHost: evil"}, "line breaks"),
        ({"X Test": "1"}, "not a header name"),
    ],
)
def test_the_client_refuses_headers_http_cannot_carry_before_sending(api, client, headers, message):
    for send in (
        lambda: client.raw("GET", f"{ADMIN}/users", headers=headers, max_bytes=10, timeout=1),
        lambda: client._send("GET", f"{ADMIN}/users", headers=headers),
    ):
        with pytest.raises(errors.UnsendableError, match=message) as caught:
            send()
        assert isinstance(caught.value, errors.ThinkificError)
    assert api.requests == []
