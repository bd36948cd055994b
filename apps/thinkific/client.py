"""`ThinkificClient`: one object per school that makes every request to Thinkific.

It adds the school's credentials, timeouts and a User-Agent, keeps within the school's
rate budget, retries what is safe to retry with capped jittered backoff, refreshes an
expiring OAuth token, and turns every failure into an `errors.ThinkificError`.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import requests

from apps.thinkific import errors, oauth
from apps.thinkific.governor import RateGovernor
from apps.thinkific.oauth import OAuthApp, TokenSet
from apps.thinkific.pagination import MAX_LIMIT, CursorPage, Page

logger = logging.getLogger(__name__)

T = TypeVar("T")

USER_AGENT = "ThinkificPortal/0.1 (+https://github.com/thinkific-portal)"
THINKIFIC_API = "https://api.thinkific.com"
ADMIN_API = "/api/public/v1"
WEBHOOKS_API = "/api/v2"

# GET is retried on any transient failure. PUT and DELETE are not: a PUT that reached
# Thinkific may have fired webhooks already, and a repeated DELETE answers 404 for a
# delete that in fact succeeded. Any method is retried when the connection was never made.
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS"})
BACKOFF_BASE = 0.25


@dataclass(frozen=True)
class Timeouts:
    connect: float = 5.0
    read: float = 20.0
    max_retry_wait: float = 4.0


class ThinkificClient:
    """Talks to one school. Build it through `apps.connections.services.client_for`."""

    def __init__(
        self,
        *,
        subdomain: str,
        base_url: str = THINKIFIC_API,
        api_key: str = "",
        tokens: TokenSet | None = None,
        oauth_app: OAuthApp | None = None,
        on_tokens_refreshed: Callable[[TokenSet], None] | None = None,
        governor: RateGovernor | None = None,
        timeouts: Timeouts = Timeouts(),
        session: requests.Session | None = None,
    ):
        if not api_key and tokens is None:
            raise ValueError("A client needs an API key or OAuth tokens.")
        self.subdomain = subdomain
        self.base_url = base_url.rstrip("/")
        self._api_key = api_key
        self._tokens = tokens
        self._oauth_app = oauth_app
        self._on_tokens_refreshed = on_tokens_refreshed
        self._refresh_lock = threading.Lock()
        self.governor = governor
        self.timeouts = timeouts
        self.session = session or requests.Session()
        self.session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})

    def __repr__(self) -> str:
        return f"<ThinkificClient {self.subdomain} {self.base_url}>"

    @property
    def uses_oauth(self) -> bool:
        return self._tokens is not None

    # -- requests -------------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        *,
        params: dict | None = None,
        json: Any = None,
        api: str = ADMIN_API,
    ) -> Any:
        """Make a request and return its decoded JSON (None for an empty answer)."""
        method = method.upper()
        url = self.url(path, api=api)
        waited = 0.0
        for attempt in range(10):
            try:
                response = self.send(method, url, params=params, json=json)
            except errors.NetworkError as exc:
                error, retryable = exc, method in IDEMPOTENT or exc.never_connected
            else:
                if response.status_code < 300:
                    return self._decode(response)
                error = errors.for_response(response)
                retryable = method in IDEMPOTENT and (
                    isinstance(error, errors.ServerError | errors.RateLimitedError)
                )
                if isinstance(error, errors.RateLimitedError) and self.governor:
                    self.governor.block_until(error.reset_at)
            delay = self._delay(attempt, error)
            if not retryable or waited + delay > self.timeouts.max_retry_wait:
                raise error
            logger.info(
                "thinkific retry %s %s in %.2fs after %s", method, path, delay, type(error).__name__
            )
            time.sleep(delay)
            waited += delay
        raise error

    def send(
        self,
        method: str,
        url: str,
        *,
        params: dict | None = None,
        json: Any = None,
        data: bytes | None = None,
        headers: dict | None = None,
    ) -> requests.Response:
        """One authorized request; answers whatever Thinkific answers (no status mapping).

        Raises `errors.NetworkError` when no answer came, and `RateLimitedError` when the
        school's budget is spent. Used as is by the API console.
        """
        self._refresh_if_expiring()
        if self.governor:
            self.governor.acquire()
        started = time.monotonic()
        try:
            response = self.session.request(
                method,
                url,
                params=params,
                json=json,
                data=data,
                headers={**(headers or {}), **self._auth_headers()},
                timeout=(self.timeouts.connect, self.timeouts.read),
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            logger.warning("thinkific %s %s failed: %s", method, _path_of(url), type(exc).__name__)
            raise _network_error(exc) from exc
        logger.info(
            "thinkific %s %s %s %.0fms",
            method,
            _path_of(url),
            response.status_code,
            (time.monotonic() - started) * 1000,
        )
        if response.status_code == 401 and self._can_refresh():
            self._refresh()
            return self.send(method, url, params=params, json=json, data=data, headers=headers)
        return response

    def url(self, path: str, *, api: str = ADMIN_API) -> str:
        return f"{self.base_url}{api}/{path.lstrip('/')}"

    def get(self, path: str, **params: Any) -> Any:
        return self.request("GET", path, params=params or None)

    # -- lists ----------------------------------------------------------------------------

    def page(
        self,
        path: str,
        record: Callable[[dict], T],
        *,
        page: int = 1,
        limit: int = 25,
        params: dict | None = None,
    ) -> Page[T]:
        """One page of a list endpoint: a single request."""
        query = {**(params or {}), "page": page, "limit": min(limit, MAX_LIMIT)}
        data = self.request("GET", path, params=query)
        if not isinstance(data, dict):
            raise errors.BadResponseError("Thinkific sent a list without its envelope.")
        return Page.from_api(data, [record(item) for item in _items(data)], page=page)

    def iterate(
        self, path: str, record: Callable[[dict], T], *, params: dict | None = None
    ) -> Iterator[T]:
        """Every item of a list endpoint, fetched 250 at a time."""
        page_number: int | None = 1
        while page_number:
            current = self.page(path, record, page=page_number, limit=MAX_LIMIT, params=params)
            yield from current.items
            page_number = current.next_page if current.items else None

    def cursor_page(
        self, path: str, record: Callable[[dict], T], *, limit: int = 25, cursor: str | None = None
    ) -> CursorPage[T]:
        """One page of a Webhooks API v2 list."""
        query: dict[str, Any] = {"limit": limit}
        if cursor:
            query["next"] = cursor
        data = self.request("GET", path, params=query, api=WEBHOOKS_API)
        if not isinstance(data, dict):
            raise errors.BadResponseError("Thinkific sent a list without its envelope.")
        return CursorPage.from_api(data, [record(item) for item in _items(data)])

    # -- resources ------------------------------------------------------------------------

    def __getattr__(self, name: str) -> Any:
        # client.users, client.coupons ...: each resource module's class, bound to this client.
        registry = type(self).resource_classes()
        if name in registry:
            bound = registry[name](self)
            setattr(self, name, bound)
            return bound
        raise AttributeError(name)

    @staticmethod
    def resource_classes() -> dict[str, type]:
        from apps.thinkific.resources import REGISTRY

        return REGISTRY

    # -- internals ------------------------------------------------------------------------

    def _auth_headers(self) -> dict[str, str]:
        if self._tokens is not None:
            return {"Authorization": f"Bearer {self._tokens.access_token}"}
        return {"X-Auth-API-Key": self._api_key, "X-Auth-Subdomain": self.subdomain}

    def _can_refresh(self) -> bool:
        return bool(self._tokens and self._tokens.refresh_token and self._oauth_app)

    def _refresh_if_expiring(self) -> None:
        if self._tokens and self._tokens.expires_soon() and self._can_refresh():
            self._refresh()

    def _refresh(self) -> None:
        assert self._tokens and self._oauth_app
        stale = self._tokens
        with self._refresh_lock:
            if self._tokens is not stale:  # another thread refreshed already
                return
            fresh = oauth.refresh(
                self._oauth_app, refresh_token=stale.refresh_token, session=self.session
            )
            if not fresh.refresh_token:
                fresh = TokenSet(fresh.access_token, stale.refresh_token, fresh.expires_at)
            self._tokens = fresh
            if self._on_tokens_refreshed:
                self._on_tokens_refreshed(fresh)

    def _delay(self, attempt: int, error: errors.ThinkificError) -> float:
        if isinstance(error, errors.RateLimitedError):
            return max(0.0, error.reset_at - time.time())
        return random.uniform(0, BACKOFF_BASE * 2**attempt)  # noqa: S311 (jitter, not crypto)

    @staticmethod
    def _decode(response: requests.Response) -> Any:
        if response.status_code == 204 or not response.content:
            return None
        try:
            return response.json()
        except ValueError as exc:
            raise errors.BadResponseError(
                status=response.status_code, body=response.text[:500]
            ) from exc


def _items(data: dict) -> list[dict]:
    items = data.get("items")
    if not isinstance(items, list):
        raise errors.BadResponseError("Thinkific sent a list without items.")
    return [item for item in items if isinstance(item, dict)]


def _path_of(url: str) -> str:
    return url.split("?", 1)[0]


def _network_error(exc: requests.RequestException) -> errors.NetworkError:
    never_connected = isinstance(exc, requests.ConnectTimeout) or (
        isinstance(exc, requests.ConnectionError)
        and not isinstance(exc, requests.ReadTimeout)
        and "Connection refused" in str(exc)
    )
    if isinstance(exc, requests.Timeout):
        message = "Thinkific did not answer in time."
    else:
        message = "Thinkific could not be reached."
    return errors.NetworkError(message, never_connected=never_connected)
