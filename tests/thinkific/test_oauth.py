import base64
import hashlib
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses
from responses import matchers

from apps.thinkific import errors, oauth
from apps.thinkific.oauth import OAuthApp, TokenSet
from apps.thinkific.transport import Timeouts

APP = OAuthApp(
    base_url="https://baking-school.thinkific.com/", client_id="cid", client_secret="sec"
)
TOKEN_URL = "https://baking-school.thinkific.com/oauth2/token"
BASIC = "Basic " + base64.b64encode(b"cid:sec").decode()
HTTP = {"session": requests.Session(), "timeouts": Timeouts(connect=2.0, read=9.0)}


def test_app_urls_live_under_oauth2():
    assert APP.url("token") == TOKEN_URL


def test_pkce_pair_is_a_verifier_and_its_s256_challenge():
    verifier, challenge = oauth.pkce_pair()

    assert 43 <= len(verifier) <= 128
    digest = hashlib.sha256(verifier.encode()).digest()
    assert challenge == base64.urlsafe_b64encode(digest).decode().rstrip("=")
    assert oauth.pkce_pair()[0] != verifier


def test_authorization_url_asks_for_a_code_with_pkce():
    url = oauth.authorization_url(
        APP, redirect_uri="https://portal.test/cb", state="st", code_challenge="ch"
    )

    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == (
        "https://baking-school.thinkific.com/oauth2/authorize"
    )
    assert parse_qs(parts.query) == {
        "client_id": ["cid"],
        "redirect_uri": ["https://portal.test/cb"],
        "response_type": ["code"],
        "state": ["st"],
        "code_challenge": ["ch"],
        "code_challenge_method": ["S256"],
    }


@responses.activate
def test_exchange_code_posts_json_with_basic_auth_and_returns_tokens():
    responses.post(
        TOKEN_URL,
        json={"access_token": "at", "refresh_token": "rt", "expires_in": 86399, "gid": "g"},
        match=[
            matchers.header_matcher({"Authorization": BASIC, "Content-Type": "application/json"}),
            matchers.json_params_matcher(
                {
                    "grant_type": "authorization_code",
                    "code": "the-code",
                    "code_verifier": "verifier",
                    "redirect_uri": "https://portal.test/cb",
                }
            ),
        ],
    )

    tokens = oauth.exchange_code(
        APP,
        code="the-code",
        code_verifier="verifier",
        redirect_uri="https://portal.test/cb",
        **HTTP,
    )

    assert (tokens.access_token, tokens.refresh_token) == ("at", "rt")
    expected = datetime.now(UTC) + timedelta(seconds=86399)
    assert abs((tokens.expires_at - expected).total_seconds()) < 5
    assert responses.calls[0].request.req_kwargs["timeout"] == (2.0, 9.0)


@responses.activate
def test_refresh_sends_the_refresh_token_and_falls_back_to_a_default_lifetime():
    responses.post(
        TOKEN_URL,
        json={"access_token": "at2", "refresh_token": "rt2"},
        match=[
            matchers.header_matcher({"Authorization": BASIC}),
            matchers.json_params_matcher({"grant_type": "refresh_token", "refresh_token": "rt"}),
        ],
    )

    tokens = oauth.refresh(APP, refresh_token="rt", **HTTP)

    assert tokens.access_token == "at2"
    assert tokens.refresh_token == "rt2"
    expected = datetime.now(UTC) + timedelta(seconds=oauth.DEFAULT_LIFETIME)
    assert abs((tokens.expires_at - expected).total_seconds()) < 5


@pytest.mark.parametrize("status", [400, 401])
@responses.activate
def test_a_refused_token_request_is_an_authentication_error_with_the_reason(status):
    responses.post(TOKEN_URL, status=status, json={"error": "invalid refresh token"})

    with pytest.raises(errors.AuthenticationError, match="invalid refresh token") as caught:
        oauth.refresh(APP, refresh_token="used-already", **HTTP)
    assert caught.value.status == status


@responses.activate
def test_a_token_endpoint_server_error_stays_a_server_error():
    responses.post(TOKEN_URL, status=503, body="down")

    with pytest.raises(errors.ServerError):
        oauth.refresh(APP, refresh_token="rt", **HTTP)


@responses.activate
def test_an_unreachable_token_endpoint_is_a_network_error():
    responses.post(TOKEN_URL, body=requests.ConnectTimeout("slow"))

    with pytest.raises(errors.NetworkError, match="ConnectTimeout"):
        oauth.refresh(APP, refresh_token="rt", **HTTP)


@pytest.mark.parametrize(
    "answer",
    [{"body": "<html></html>"}, {"json": {"token_type": "bearer"}}, {"json": ["at"]}],
)
@responses.activate
def test_a_token_answer_without_an_access_token_is_a_bad_response(answer):
    responses.post(TOKEN_URL, status=200, **answer)

    with pytest.raises(errors.BadResponseError):
        oauth.refresh(APP, refresh_token="rt", **HTTP)


@pytest.mark.parametrize(
    ("expires_at", "soon"),
    [
        (None, False),
        (datetime.now(UTC) + timedelta(hours=1), False),
        (datetime.now(UTC) + timedelta(seconds=30), True),
        (datetime.now(UTC) - timedelta(hours=1), True),
        ((datetime.now(UTC) - timedelta(hours=1)).replace(tzinfo=None), True),  # naive: UTC
        ((datetime.now(UTC) + timedelta(hours=1)).replace(tzinfo=None), False),
    ],
)
def test_expires_soon(expires_at, soon):
    assert TokenSet("a", "r", expires_at).expires_soon() is soon


def test_a_token_sets_repr_shows_no_token():
    text = repr(TokenSet("secret-access", "secret-refresh", None))

    assert "secret" not in text


def test_an_oauth_apps_repr_shows_no_client_secret():
    text = repr(OAuthApp("https://baking-school.thinkific.com", "cid", "very-secret"))
    assert "very-secret" not in text
    assert "cid" in text
