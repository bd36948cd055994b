"""OAuth 2.0 authorization-code flow with PKCE against a school's Thinkific site."""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import requests
from django.views.decorators.debug import sensitive_variables

from apps.thinkific import errors
from apps.thinkific.records import to_int, to_str
from apps.thinkific.transport import Timeouts

DEFAULT_LIFETIME = 82800  # seconds, when Thinkific does not say


@dataclass(frozen=True)
class OAuthApp:
    """An OAuth app installed on one school: `base_url` is https://<subdomain>.thinkific.com."""

    base_url: str
    client_id: str
    client_secret: str = field(default="", repr=False)

    def url(self, path: str) -> str:
        return f"{self.base_url.rstrip('/')}/oauth2/{path}"


@dataclass(frozen=True)
class TokenSet:
    access_token: str
    refresh_token: str
    expires_at: datetime | None

    def expires_soon(self, *, margin: float = 60) -> bool:
        """True when the access token expires within `margin` seconds (or has expired)."""
        if self.expires_at is None:
            return False
        expires_at = self.expires_at
        if expires_at.tzinfo is None:  # stored without a zone: the portal keeps UTC
            expires_at = expires_at.replace(tzinfo=UTC)
        return expires_at <= datetime.now(UTC) + timedelta(seconds=margin)

    def __repr__(self) -> str:  # never show the tokens themselves
        return f"TokenSet(expires_at={self.expires_at!r})"


def pkce_pair() -> tuple[str, str]:
    """A fresh (code_verifier, S256 code_challenge)."""
    verifier = secrets.token_urlsafe(64)[:96]
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
    return verifier, challenge


def authorization_url(app: OAuthApp, *, redirect_uri: str, state: str, code_challenge: str) -> str:
    """Where to send a staff member to install the app on their school (PKCE, S256)."""
    query = urlencode(
        {
            "client_id": app.client_id,
            "redirect_uri": redirect_uri,
            "response_type": "code",
            "state": state,
            "code_challenge": code_challenge,
            "code_challenge_method": "S256",
        }
    )
    return f"{app.url('authorize')}?{query}"


@sensitive_variables()
def exchange_code(
    app: OAuthApp,
    *,
    code: str,
    code_verifier: str,
    redirect_uri: str,
    session: requests.Session,
    timeouts: Timeouts,
) -> TokenSet:
    """Trade an authorization code for tokens, over `session` and within `timeouts`."""
    return _token_request(
        app,
        {
            "grant_type": "authorization_code",
            "code": code,
            "code_verifier": code_verifier,
            "redirect_uri": redirect_uri,
        },
        session,
        timeouts,
    )


@sensitive_variables()
def refresh(
    app: OAuthApp, *, refresh_token: str, session: requests.Session, timeouts: Timeouts
) -> TokenSet:
    """Trade a (single-use) refresh token for a new token set."""
    return _token_request(
        app, {"grant_type": "refresh_token", "refresh_token": refresh_token}, session, timeouts
    )


@sensitive_variables()  # and the frames below: requests holds the auth pair
def _token_request(
    app: OAuthApp, body: dict, session: requests.Session, timeouts: Timeouts
) -> TokenSet:
    try:
        response = session.post(
            app.url("token"),
            json=body,
            timeout=timeouts.pair,
            auth=(app.client_id, app.client_secret),
            allow_redirects=False,
        )
    except requests.RequestException as exc:
        raise errors.NetworkError(
            f"Thinkific's token endpoint could not be reached ({type(exc).__name__})."
        ) from exc
    if response.status_code != 200:
        error = errors.for_response(response)
        if response.status_code in (400, 401):
            error = errors.AuthenticationError(
                f"Thinkific refused the token request: {_describe(error.body)}",
                status=response.status_code,
                body=error.body,
            )
        raise error
    try:
        data = response.json()
    except ValueError:
        data = None
    access_token = data.get("access_token") if isinstance(data, dict) else None
    if not access_token or not isinstance(access_token, str):
        raise errors.BadResponseError("Thinkific's token answer has no access token.")
    lifetime = to_int(data.get("expires_in")) or DEFAULT_LIFETIME
    return TokenSet(
        access_token=access_token,
        refresh_token=to_str(data.get("refresh_token")) or "",
        expires_at=datetime.now(UTC) + timedelta(seconds=lifetime),
    )


def _describe(body: object) -> str:
    if isinstance(body, dict):
        detail = body.get("error_description") or body.get("error")
        if detail:
            return str(detail)
    return "no reason given"
