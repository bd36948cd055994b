"""OAuth: consent, authorization code with PKCE, token, refresh, revoke; tokens on the APIs."""

import base64
import hashlib
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from apps.sandbox import models as m
from tests.sandbox.conftest import V1, V2, Api

REDIRECT = "https://portal.example-app.io/connections/oauth/callback"
VERIFIER = "a-long-random-code-verifier-of-the-app-0123456789-abcdefghijklmnop"
CHALLENGE = (
    base64.urlsafe_b64encode(hashlib.sha256(VERIFIER.encode()).digest()).rstrip(b"=").decode()
)


def base(school) -> str:
    return f"/sandbox/sites/{school.subdomain}/oauth2"


def basic(client_id: str, secret: str = "") -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()}


def authorize_params(school, **extra) -> dict:
    return {
        "client_id": school.oauth_client_id,
        "redirect_uri": REDIRECT,
        "response_type": "code",
        "state": "xyz-state",
        "code_challenge": CHALLENGE,
        "code_challenge_method": "S256",
        **extra,
    }


def approve(client, school, **extra) -> dict:
    """Open the consent page, approve, and return the redirect's query."""
    params = authorize_params(school, **extra)
    page = client.get(f"{base(school)}/authorize", params)
    assert page.status_code == 200
    assert b"Approve" in page.content and b"Deny" in page.content
    response = client.post(f"{base(school)}/authorize", {**params, "decision": "approve"})
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
    return {key: values[0] for key, values in parse_qs(location.query).items()}


def token(client, school, body: dict, *, secret: str | None = None, as_json: bool = True):
    headers = basic(
        school.oauth_client_id, school.oauth_client_secret if secret is None else secret
    )
    if as_json:
        return client.post(
            f"{base(school)}/token", body, content_type="application/json", headers=headers
        )
    return client.post(f"{base(school)}/token", body, headers=headers)


def exchange(client, school, code: str, **options):
    body = {
        "grant_type": "authorization_code",
        "code": code,
        "code_verifier": VERIFIER,
        "redirect_uri": REDIRECT,
    }
    return token(client, school, body, **options)


def test_the_portals_flow(client, school):
    query = approve(client, school)
    assert query["state"] == "xyz-state"
    assert query["subdomain"] == "test-academy"
    response = exchange(client, school, query["code"])
    assert response.status_code == 200
    tokens = response.json()
    assert list(tokens) == ["access_token", "token_type", "refresh_token", "expires_in", "gid"]
    assert tokens["token_type"] == "bearer"
    assert tokens["expires_in"] == 86399
    assert tokens["gid"] == str(school.gid)
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert Api(client, V1, bearer).get("users").status_code == 200
    assert Api(client, V2, bearer).get("webhooks").status_code == 200


def test_refresh_tokens_work_once_and_are_replaced(client, school):
    tokens = exchange(client, school, approve(client, school)["code"]).json()
    body = {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}
    fresh = token(client, school, body)
    assert fresh.status_code == 200
    renewed = fresh.json()
    assert renewed["refresh_token"] != tokens["refresh_token"]
    assert renewed["access_token"] != tokens["access_token"]
    again = token(client, school, body)
    assert (again.status_code, again.json()) == (400, {"error": "invalid refresh token"})
    next_body = {"grant_type": "refresh_token", "refresh_token": renewed["refresh_token"]}
    assert token(client, school, next_body).status_code == 200


def test_a_wrong_code_verifier_is_refused(client, school):
    code = approve(client, school)["code"]
    body = {"grant_type": "authorization_code", "code": code, "code_verifier": "not-the-verifier"}
    response = token(client, school, body)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"
    missing = token(client, school, {"grant_type": "authorization_code", "code": code})
    assert missing.json()["error"] == "invalid_grant"


def test_a_code_works_once_and_its_replay_revokes_the_tokens(client, school):
    code = approve(client, school)["code"]
    tokens = exchange(client, school, code).json()
    replay = exchange(client, school, code)
    assert (replay.status_code, replay.json()["error"]) == (400, "invalid_grant")
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert Api(client, V1, bearer).get("users").status_code == 401


def test_a_code_lives_60_seconds(client, school):
    code = approve(client, school)["code"]
    row = m.AuthorizationCode.objects.get()
    assert row.expires_at - row.created_at == timedelta(seconds=60)
    row.expires_at = timezone.now() - timedelta(seconds=1)
    row.save()
    assert exchange(client, school, code).json()["error"] == "invalid_grant"


def test_redirect_uri_must_match_the_authorization(client, school):
    code = approve(client, school)["code"]
    body = {
        "grant_type": "authorization_code",
        "code": code,
        "code_verifier": VERIFIER,
        "redirect_uri": "https://elsewhere.example-app.io/cb",
    }
    assert token(client, school, body).json()["error"] == "invalid_grant"


def test_pkce_without_a_secret_gets_no_refresh_token(client, school):
    code = approve(client, school)["code"]
    response = exchange(client, school, code, secret="")
    assert response.status_code == 200
    assert "refresh_token" not in response.json()


def test_refreshing_needs_the_secret(client, school):
    tokens = exchange(client, school, approve(client, school)["code"]).json()
    body = {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}
    response = token(client, school, body, secret="")
    assert (response.status_code, response.json()["error"]) == (401, "invalid_client")


def test_without_pkce_the_secret_is_required(client, school):
    code = approve(client, school, code_challenge="", code_challenge_method="")["code"]
    body = {"grant_type": "authorization_code", "code": code}
    assert token(client, school, body, secret="").json()["error"] == "invalid_client"
    code = approve(client, school, code_challenge="", code_challenge_method="")["code"]
    assert token(client, school, {**body, "code": code}).status_code == 200


@pytest.mark.parametrize("secret", ["wrong-secret"])
def test_wrong_client_credentials(client, school, secret):
    code = approve(client, school)["code"]
    assert exchange(client, school, code, secret=secret).status_code == 401
    body = {"grant_type": "authorization_code", "code": code, "code_verifier": VERIFIER}
    response = client.post(
        f"{base(school)}/token",
        body,
        content_type="application/json",
        headers=basic("someone-else"),
    )
    assert (response.status_code, response.json()["error"]) == (401, "invalid_client")


def test_form_encoded_token_requests(client, school):
    code = approve(client, school)["code"]
    body = {"grant_type": "authorization_code", "code": code, "code_verifier": VERIFIER}
    assert token(client, school, body, as_json=False).status_code == 200


def test_unsupported_grant(client, school):
    response = token(client, school, {"grant_type": "password"})
    assert (response.status_code, response.json()["error"]) == (400, "unsupported_grant_type")


def test_deny(client, school):
    params = authorize_params(school)
    response = client.post(f"{base(school)}/authorize", {**params, "decision": "deny"})
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query == {"error": ["access_denied"], "state": ["xyz-state"]}


def test_bad_client_or_redirect_is_answered_on_the_page(client, school):
    response = client.get(f"{base(school)}/authorize", authorize_params(school, client_id="nope"))
    assert response.status_code == 401
    assert b"cannot be accepted" in response.content
    response = client.get(
        f"{base(school)}/authorize", authorize_params(school, redirect_uri="nope")
    )
    assert response.status_code == 400
    school.oauth_redirect_uris = "https://registered.example-app.io/cb"
    school.save()
    assert client.get(f"{base(school)}/authorize", authorize_params(school)).status_code == 400
    registered = authorize_params(school, redirect_uri="https://registered.example-app.io/cb")
    assert client.get(f"{base(school)}/authorize", registered).status_code == 200


def test_other_problems_go_back_to_the_app(client, school):
    response = client.get(
        f"{base(school)}/authorize", authorize_params(school, response_type="token")
    )
    assert parse_qs(urlsplit(response["Location"]).query)["error"] == ["unsupported_response_type"]
    plain = authorize_params(school, code_challenge_method="plain")
    response = client.get(f"{base(school)}/authorize", plain)
    assert parse_qs(urlsplit(response["Location"]).query)["error"] == ["invalid_request"]


def test_unknown_school(client, db):
    assert client.get("/sandbox/sites/nowhere/oauth2/authorize").status_code == 404
    assert client.post("/sandbox/sites/nowhere/oauth2/token", {}).status_code == 401


def test_revoke(client, school):
    tokens = exchange(client, school, approve(client, school)["code"]).json()
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    response = client.post(
        f"{base(school)}/revoke",
        {"token": tokens["access_token"]},
        headers=basic(school.oauth_client_id, school.oauth_client_secret),
    )
    assert (response.status_code, response.json()) == (200, {})
    assert Api(client, V1, bearer).get("users").status_code == 401
    body = {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}
    assert token(client, school, body).status_code == 400


def test_expired_access_tokens_are_refused(client, school):
    tokens = exchange(client, school, approve(client, school)["code"]).json()
    m.AccessToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    response = Api(client, V1, bearer).get("users")
    assert (response.status_code, response.json()) == (401, {"error": "Authentication Error"})
