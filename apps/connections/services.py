"""Everything the portal does with a school connection, including building its client."""

from __future__ import annotations

import contextlib
import io
import json
import logging
import secrets
import threading
from dataclasses import dataclass
from typing import TextIO

from django.conf import settings
from django.core.management import call_command
from django.db import connection as db
from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from apps.connections.models import Connection
from apps.history.recorder import Recorder
from apps.index.listener import index_listener
from apps.thinkific import OAuthApp, ThinkificClient, TokenSet, errors, oauth
from apps.thinkific.governor import RateGovernor
from apps.thinkific.transport import Timeouts, pooled_session

logger = logging.getLogger(__name__)


NO_CREDENTIALS = "This school has no credentials yet: add its API key or connect it with OAuth."


@sensitive_variables()
def client_for(connection: Connection) -> ThinkificClient:
    """The one place a Thinkific client is built for a school.

    Raises `errors.AuthenticationError` when the school has no credentials yet.
    """
    if not connection.has_credentials:
        raise errors.AuthenticationError(NO_CREDENTIALS)
    tokens = None
    if connection.uses_oauth:
        tokens = TokenSet(
            connection.access_token, connection.refresh_token, connection.token_expires_at
        )
    return ThinkificClient(
        subdomain=connection.subdomain,
        base_url=connection.api_base_url,
        api_key="" if connection.uses_oauth else connection.api_key,
        tokens=tokens,
        refresh_tokens=lambda stale: connection_refresh_tokens(connection=connection, stale=stale),
        governor=governor_for(connection),
        session=pooled_session(),
        timeouts=timeouts(),
        listeners=(Recorder(connection), index_listener(connection.pk)),
    )


def timeouts() -> Timeouts:
    return Timeouts(
        connect=settings.THINKIFIC_CONNECT_TIMEOUT,
        read=settings.THINKIFIC_READ_TIMEOUT,
        max_retry_wait=settings.THINKIFIC_MAX_RETRY_WAIT,
    )


def governor_for(connection: Connection) -> RateGovernor:
    """The school's request budget. Thinkific counts per school, not per connection, so two
    connections to one school share it."""
    api = connection.api_base_url.strip().rstrip("/").lower()
    return RateGovernor(
        f"{api}|{connection.subdomain.strip().lower()}", limit=settings.THINKIFIC_RATE_LIMIT
    )


@sensitive_variables()
def oauth_app_for(connection: Connection) -> OAuthApp:
    return OAuthApp(
        base_url=connection.oauth_url,
        client_id=connection.oauth_client_id,
        client_secret=connection.oauth_client_secret,
    )


@sensitive_variables()
def connection_refresh_tokens(*, connection: Connection, stale: TokenSet) -> TokenSet:
    """Trade `stale` for fresh tokens and store them; the client's refresh callback.

    Refresh tokens are single-use, and every request builds its own client: the row is
    locked so that, of all the requests and processes that found the same token stale,
    one spends it and the others take the tokens it stored.
    """
    with _refresh_lock(connection.pk), _row_lock():
        row = Connection.objects.select_for_update().get(pk=connection.pk)
        stored_pair = (row.access_token, row.refresh_token)
        if row.access_token and stored_pair != (stale.access_token, stale.refresh_token):
            stored = TokenSet(row.access_token, row.refresh_token, row.token_expires_at)
            _keep_tokens(connection, stored)
            return stored
        fresh = oauth.refresh(
            oauth_app_for(row),
            refresh_token=stale.refresh_token,
            session=pooled_session(),
            timeouts=timeouts(),
        )
        if not fresh.refresh_token:  # Thinkific may keep the refresh token as it was
            fresh = TokenSet(fresh.access_token, stale.refresh_token, fresh.expires_at)
        connection_store_tokens(connection=connection, tokens=fresh)
    return fresh


_process_locks: dict[int, threading.Lock] = {}
_process_locks_guard = threading.Lock()


def _refresh_lock(pk: int) -> threading.Lock:
    with _process_locks_guard:
        return _process_locks.setdefault(pk, threading.Lock())


def _row_lock() -> contextlib.AbstractContextManager:
    # SQLite has no row locks: a transaction there locks the whole database while the
    # token endpoint is called, and the sandbox (same database) could not answer. Its
    # deployments are single-host, so the process lock above is what serializes there.
    if db.features.has_select_for_update:
        return transaction.atomic()
    return contextlib.nullcontext()


def _keep_tokens(connection: Connection, tokens: TokenSet) -> None:
    connection.access_token = tokens.access_token
    connection.refresh_token = tokens.refresh_token
    connection.token_expires_at = tokens.expires_at


@sensitive_variables()
def connection_store_tokens(*, connection: Connection, tokens: TokenSet) -> None:
    """Keep a fresh token set (refresh tokens are single-use: the new one must be saved)."""
    _keep_tokens(connection, tokens)
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
}


def _check_message(exc: errors.ThinkificError, connection: Connection) -> str:
    if isinstance(exc, errors.RateLimitedError):
        if exc.held_back:
            limit = governor_for(connection).limit
            return (
                f"Not checked: the portal held back to stay within the school's budget of "
                f"{limit} requests a minute (nothing was sent); try in {exc.retry_after} s."
            )
        return f"Rate limited: Thinkific answered 429; try in {exc.retry_after} s."
    return next(
        (text for kind, text in CHECK_MESSAGES.items() if isinstance(exc, kind)),
        f"Thinkific answered: {exc.message}",
    )


def connection_check(*, connection: Connection) -> CheckResult:
    """Call the API once with the school's credentials and record what happened."""
    if not connection.has_credentials:
        result = CheckResult(False, "No credentials yet: add an API key, or connect with OAuth.")
    else:
        try:
            page = client_for(connection).users.list(limit=1)
        except errors.ThinkificError as exc:
            result = CheckResult(False, _check_message(exc, connection))
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


@sensitive_variables()
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
    """The OAuth round trip failed; `connection` is the one it was for, when known."""

    def __init__(self, message: str, *, connection: Connection | None = None):
        super().__init__(message)
        self.connection = connection


@sensitive_variables()
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
        raise OAuthFlowError(
            f"Thinkific did not authorize the portal ({error or 'no code'}).",
            connection=connection,
        )
    try:
        tokens = oauth.exchange_code(
            oauth_app_for(connection),
            code=code,
            code_verifier=pending["verifier"],
            redirect_uri=pending["redirect_uri"],
            session=pooled_session(),
            timeouts=timeouts(),
        )
    except errors.ThinkificError as exc:
        raise OAuthFlowError(
            f"Thinkific did not hand out tokens: {exc.message}", connection=connection
        ) from exc
    with transaction.atomic():
        connection.auth_type = Connection.AuthType.OAUTH
        connection.api_key = ""  # an API key left behind would stay usable for ever
        connection.save(update_fields=["auth_type", "api_key", "updated_at"])
        connection_store_tokens(connection=connection, tokens=tokens)
    logger.info("oauth tokens stored for connection %s", connection.pk)
    return connection


def sandbox_school_connect(
    *,
    subdomain: str,
    slug: str,
    base_url: str,
    seed: dict | None = None,
    stdout: TextIO | None = None,
) -> tuple[Connection, bool]:
    """Seed the built-in sandbox's school `subdomain` and connect the portal school `slug`
    to it, served at `base_url`: (the connection, whether it was created now).

    `seed` holds `sandbox_seed`'s options (name, users, reset), which writes to `stdout`.
    For the demo and the tests; the portal meets the sandbox only through its commands.
    """
    call_command(
        "sandbox_seed", subdomain=subdomain, stdout=stdout or io.StringIO(), **(seed or {})
    )
    out = io.StringIO()
    call_command("sandbox_credentials", json=True, base_url=base_url, stdout=out)
    school = next(s for s in json.loads(out.getvalue()) if s["subdomain"] == subdomain)
    return Connection.objects.get_or_create(
        slug=slug,
        defaults={
            "name": school["name"],
            "subdomain": subdomain,
            "api_key": school["api_key"],
            "api_base_url": school["api_base_url"],
            "oauth_base_url": school["oauth_base_url"],
            "oauth_client_id": school["oauth_client_id"],
            "oauth_client_secret": school["oauth_client_secret"],
        },
    )
