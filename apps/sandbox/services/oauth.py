"""OAuth 2.0 for a sandbox school: authorization codes (with PKCE), tokens, refresh, revoke.

Codes live 60 seconds and work once; access tokens live 86399 seconds; refresh tokens
work once and each refresh hands out a new one. Only hashes of codes and tokens are kept.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode, urlsplit

from django.db import transaction
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone

from apps.sandbox import errors
from apps.sandbox.models import AccessToken, AuthorizationCode, School

CODE_LIFETIME = timedelta(seconds=60)
TOKEN_LIFETIME = 86399  # seconds


class OAuthError(errors.ApiError):
    """An RFC 6749 error answer: `{"error": code, "error_description": text}`."""

    def __init__(self, code: str, description: str = "", *, status: int = 400):
        body = {"error": code, "error_description": description} if description else {"error": code}
        super().__init__(body, status=status)
        self.code = code
        self.description = description


def digest(secret: str) -> str:
    """The stored form of a code or token."""
    return hashlib.sha256(secret.encode()).hexdigest()


def school_for_access_token(token: str) -> School | None:
    """The school of a live (unexpired, unrevoked) access token, if any."""
    found = (
        AccessToken.objects.select_related("school")
        .filter(token_hash=digest(token), revoked_at=None, expires_at__gt=timezone.now())
        .first()
    )
    return found.school if found else None


# -- authorize ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuthorizationRequest:
    school: School
    redirect_uri: str
    state: str
    code_challenge: str
    response_type: str

    def redirect(self, **params: str) -> str:
        """The app's redirect URI with the answer (and `state`) added to its query."""
        answer = {**params, "state": self.state} if self.state else params
        separator = "&" if urlsplit(self.redirect_uri).query else "?"
        return f"{self.redirect_uri}{separator}{urlencode(answer)}"


def authorization_request(school: School, params: QueryDict) -> AuthorizationRequest:
    """Check the app's authorize parameters.

    A wrong client id or redirect URI raises `OAuthError` (answered on the page itself,
    never by redirecting to an unchecked URI); other problems are the caller's to
    redirect back with `request.redirect(error=...)`.
    """
    if not hmac.compare_digest(params.get("client_id", ""), school.oauth_client_id):
        raise OAuthError("invalid_client", "Unknown client_id.", status=401)
    redirect_uri = params.get("redirect_uri", "")
    parts = urlsplit(redirect_uri)
    registered = school.redirect_uris
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.fragment:
        raise OAuthError("invalid_request", "redirect_uri must be an absolute http(s) URL.")
    if registered and redirect_uri not in registered:
        raise OAuthError("invalid_request", "redirect_uri is not registered for this app.")
    return AuthorizationRequest(
        school=school,
        redirect_uri=redirect_uri,
        state=params.get("state", ""),
        code_challenge=params.get("code_challenge", ""),
        response_type=params.get("response_type", ""),
    )


def authorization_problem(request: AuthorizationRequest, params: QueryDict) -> str | None:
    """The error to send back to the app, if any (RFC 6749 §4.1.2.1 codes)."""
    if request.response_type != "code":
        return "unsupported_response_type"
    method = params.get("code_challenge_method", "")
    if method and (method != "S256" or not request.code_challenge):
        return "invalid_request"
    return None


def code_issue(request: AuthorizationRequest) -> str:
    """A fresh authorization code for an approved request."""
    code, now = secrets.token_urlsafe(32), timezone.now()
    AuthorizationCode.objects.create(
        school=request.school,
        code_hash=digest(code),
        redirect_uri=request.redirect_uri,
        code_challenge=request.code_challenge,
        created_at=now,
        expires_at=now + CODE_LIFETIME,
    )
    return code


# -- token ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Client:
    """The app as it authenticated at the token endpoint."""

    client_id: str
    client_secret: str


def client_from(authorization: str, data: dict) -> Client:
    """HTTP Basic `client_id:client_secret`, or the same two fields in the body."""
    scheme, _, encoded = authorization.partition(" ")
    if scheme.lower() == "basic" and encoded:
        try:
            decoded = base64.b64decode(encoded.strip()).decode()
        except (ValueError, UnicodeDecodeError) as exc:
            raise OAuthError("invalid_client", "Malformed Basic credentials.", status=401) from exc
        client_id, _, client_secret = decoded.partition(":")
        return Client(client_id, client_secret)
    return Client(str(data.get("client_id", "")), str(data.get("client_secret", "")))


def token_grant(school: School, client: Client, data: dict) -> dict:
    """The token endpoint: an authorization code or a refresh token, traded for tokens."""
    if not hmac.compare_digest(client.client_id, school.oauth_client_id):
        raise OAuthError("invalid_client", "Unknown client_id.", status=401)
    with_secret = bool(client.client_secret)
    if with_secret and not hmac.compare_digest(client.client_secret, school.oauth_client_secret):
        raise OAuthError("invalid_client", "Wrong client_secret.", status=401)
    grant_type = data.get("grant_type")
    if grant_type == "authorization_code":
        return _code_grant(school, data, with_secret=with_secret)
    if grant_type == "refresh_token":
        if not with_secret:
            raise OAuthError("invalid_client", "Refreshing needs the client_secret.", status=401)
        return _refresh_grant(school, data)
    raise OAuthError("unsupported_grant_type", f"grant_type {grant_type!r} is not supported.")


def _code_grant(school: School, data: dict, *, with_secret: bool) -> dict:
    code_text = str(data.get("code") or "")
    if not code_text:
        raise OAuthError("invalid_request", "code is required.")
    with transaction.atomic():
        code = (
            AuthorizationCode.objects.select_for_update()
            .filter(school=school, code_hash=digest(code_text))
            .first()
        )
        error = _code_error(code, data, with_secret=with_secret)
        if error is None:
            code.used_at = timezone.now()
            code.save(update_fields=["used_at"])
            return _issue(school, code=code, with_refresh=with_secret)
    if code is not None and code.used_at is not None:
        # A replayed code: revoke whatever it already bought (RFC 6749 §4.1.2).
        AccessToken.objects.filter(code=code).update(revoked_at=timezone.now())
    raise error


def _code_error(
    code: AuthorizationCode | None, data: dict, *, with_secret: bool
) -> OAuthError | None:
    if code is None or code.expires_at <= timezone.now():
        return OAuthError("invalid_grant", "The authorization code is invalid or expired.")
    if code.used_at is not None:
        return OAuthError("invalid_grant", "The authorization code was already used.")
    redirect_uri = data.get("redirect_uri")
    if redirect_uri and redirect_uri != code.redirect_uri:
        return OAuthError("invalid_grant", "redirect_uri does not match the authorization.")
    if code.code_challenge:
        if not _pkce_matches(str(data.get("code_verifier") or ""), code.code_challenge):
            return OAuthError("invalid_grant", "code_verifier does not match code_challenge.")
    elif not with_secret:
        return OAuthError(
            "invalid_client", "Without PKCE the client_secret is required.", status=401
        )
    return None


def _refresh_grant(school: School, data: dict) -> dict:
    refresh = str(data.get("refresh_token") or "")
    with transaction.atomic():
        token = (
            AccessToken.objects.select_for_update()
            .filter(school=school, refresh_hash=digest(refresh), refreshed_at=None, revoked_at=None)
            .first()
            if refresh
            else None
        )
        if token is None:
            raise errors.ApiError({"error": "invalid refresh token"}, status=400)
        token.refreshed_at = timezone.now()
        token.save(update_fields=["refreshed_at"])
        return _issue(school, code=token.code, with_refresh=True)


def _issue(school: School, *, code: AuthorizationCode | None, with_refresh: bool) -> dict:
    access, refresh = str(uuid.uuid4()), str(uuid.uuid4())
    AccessToken.objects.create(
        school=school,
        code=code,
        token_hash=digest(access),
        refresh_hash=digest(refresh) if with_refresh else None,
        expires_at=timezone.now() + timedelta(seconds=TOKEN_LIFETIME),
    )
    answer = {"access_token": access, "token_type": "bearer"}
    if with_refresh:
        answer["refresh_token"] = refresh
    return {**answer, "expires_in": TOKEN_LIFETIME, "gid": str(school.gid)}


def _pkce_matches(verifier: str, challenge: str) -> bool:
    if not verifier:
        return False
    computed = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    return hmac.compare_digest(computed.rstrip(b"=").decode(), challenge)


# -- revoke ---------------------------------------------------------------------------------


def token_revoke(school: School, client: Client, token: str) -> None:
    """Revoke an access or refresh token (and its pair); unknown tokens are ignored (RFC 7009)."""
    if not hmac.compare_digest(client.client_id, school.oauth_client_id):
        raise OAuthError("invalid_client", "Unknown client_id.", status=401)
    if client.client_secret and not hmac.compare_digest(
        client.client_secret, school.oauth_client_secret
    ):
        raise OAuthError("invalid_client", "Wrong client_secret.", status=401)
    if token:
        hashed = digest(token)
        AccessToken.objects.filter(
            Q(token_hash=hashed) | Q(refresh_hash=hashed), school=school, revoked_at=None
        ).update(revoked_at=timezone.now())
