"""Everything the portal does with a school connection, including building its client."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.connections.models import Connection
from apps.thinkific import OAuthApp, ThinkificClient, TokenSet, errors, oauth
from apps.thinkific.client import Timeouts, pooled_session
from apps.thinkific.governor import RateGovernor

logger = logging.getLogger(__name__)


def client_for(connection: Connection) -> ThinkificClient:
    """The one place a Thinkific client is built for a school."""
    tokens = None
    if connection.uses_oauth and connection.access_token:
        tokens = TokenSet(
            connection.access_token, connection.refresh_token, connection.token_expires_at
        )
    return ThinkificClient(
        subdomain=connection.subdomain,
        base_url=connection.api_base_url,
        api_key="" if connection.uses_oauth else connection.api_key,
        tokens=tokens,
        oauth_app=oauth_app_for(connection) if connection.uses_oauth else None,
        on_tokens_refreshed=lambda fresh: connection_store_tokens(
            connection=connection, tokens=fresh
        ),
        governor=governor_for(connection),
        session=pooled_session(),
        timeouts=Timeouts(
            connect=settings.THINKIFIC_CONNECT_TIMEOUT,
            read=settings.THINKIFIC_READ_TIMEOUT,
            max_retry_wait=settings.THINKIFIC_MAX_RETRY_WAIT,
        ),
    )


def governor_for(connection: Connection) -> RateGovernor:
    return RateGovernor(f"school:{connection.pk}", limit=settings.THINKIFIC_RATE_LIMIT)


def oauth_app_for(connection: Connection) -> OAuthApp:
    return OAuthApp(
        base_url=connection.oauth_url,
        client_id=connection.oauth_client_id,
        client_secret=connection.oauth_client_secret,
    )


def connection_store_tokens(*, connection: Connection, tokens: TokenSet) -> None:
    """Keep a fresh token set (refresh tokens are single-use: the new one must be saved)."""
    connection.access_token = tokens.access_token
    connection.refresh_token = tokens.refresh_token
    connection.token_expires_at = tokens.expires_at
    Connection.objects.filter(pk=connection.pk).update(
        access_token=tokens.access_token,
        refresh_token=tokens.refresh_token,
        token_expires_at=tokens.expires_at,
        updated_at=timezone.now(),
    )


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    message: str


CHECK_MESSAGES: dict[type[errors.ThinkificError], str] = {
    errors.AuthenticationError: (
        "Bad credentials: Thinkific answered 401. It answers the same when the school's plan "
        "has no API access (Grow or above is needed)."
    ),
    errors.PermissionDeniedError: "Permission denied: these credentials may not read users (403).",
    errors.NetworkError: "Network failure: Thinkific could not be reached.",
    errors.RateLimitedError: "Rate limited: the school's request budget is spent; try in a minute.",
}


def connection_check(*, connection: Connection) -> CheckResult:
    """Call the API once with the school's credentials and record what happened."""
    if not connection.has_credentials:
        result = CheckResult(False, "No credentials yet: add an API key, or connect with OAuth.")
    else:
        try:
            page = client_for(connection).users.list(limit=1)
        except errors.ThinkificError as exc:
            message = next(
                (text for kind, text in CHECK_MESSAGES.items() if isinstance(exc, kind)),
                f"Thinkific answered: {exc.message}",
            )
            result = CheckResult(False, message)
        else:
            result = CheckResult(True, f"Connected: the school has {page.total_items} users.")
    Connection.objects.filter(pk=connection.pk).update(
        last_checked_at=timezone.now(),
        last_check_ok=result.ok,
        last_check_message=result.message[:300],
    )
    return result


# -- OAuth: "Connect with Thinkific" --------------------------------------------------------

SESSION_KEY = "thinkific_oauth"


def oauth_start(*, connection: Connection, session, redirect_uri: str) -> str:
    """Remember state and PKCE verifier in the user's session; the URL to send them to."""
    verifier, challenge = oauth.pkce_pair()
    state = secrets.token_urlsafe(32)
    session[SESSION_KEY] = {
        "state": state,
        "verifier": verifier,
        "connection": connection.pk,
        "redirect_uri": redirect_uri,
    }
    return oauth.authorization_url(
        oauth_app_for(connection), redirect_uri=redirect_uri, state=state, code_challenge=challenge
    )


class OAuthFlowError(Exception):
    pass


def oauth_finish(*, session, state: str, code: str, error: str = "") -> Connection:
    """Check the callback against the session, trade the code, store the tokens."""
    pending = session.pop(SESSION_KEY, None)
    if not pending or not state or not secrets.compare_digest(pending["state"], state):
        raise OAuthFlowError(
            "This authorization answer does not match one the portal started. "
            "Start again from the connection's page."
        )
    connection = Connection.objects.filter(pk=pending["connection"]).first()
    if connection is None:
        raise OAuthFlowError("The school connection was deleted meanwhile.")
    if error or not code:
        raise OAuthFlowError(f"Thinkific did not authorize the portal ({error or 'no code'}).")
    try:
        tokens = oauth.exchange_code(
            oauth_app_for(connection),
            code=code,
            code_verifier=pending["verifier"],
            redirect_uri=pending["redirect_uri"],
        )
    except errors.ThinkificError as exc:
        raise OAuthFlowError(f"Thinkific did not hand out tokens: {exc.message}") from exc
    with transaction.atomic():
        connection.auth_type = Connection.AuthType.OAUTH
        connection.save(update_fields=["auth_type", "updated_at"])
        connection_store_tokens(connection=connection, tokens=tokens)
    logger.info("oauth tokens stored for connection %s", connection.pk)
    return connection
