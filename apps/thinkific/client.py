"""`ThinkificClient`: one object per school that makes every request to Thinkific.

It adds the school's credentials, timeouts and a User-Agent, keeps within the school's
rate budget, retries what is safe to retry with capped jittered backoff, refreshes an
expiring OAuth token, and turns every failure into an `errors.ThinkificError`. Its
resources are attributes bound in the constructor: `client.users` is `resources.users.Users`.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from inspect import get_annotations
from typing import Any, TypeVar

import requests
from django.views.decorators.debug import sensitive_variables

from apps.thinkific import errors
from apps.thinkific.apis import ADMIN_API, THINKIFIC_API, WEBHOOKS_API
from apps.thinkific.exchanges import Exchange, Listener
from apps.thinkific.governor import RateGovernor
from apps.thinkific.oauth import TokenSet
from apps.thinkific.pagination import MAX_LIMIT, CursorPage, Page
from apps.thinkific.resources.bundles import Bundles
from apps.thinkific.resources.chapters import Chapters
from apps.thinkific.resources.collections import Collections
from apps.thinkific.resources.contents import Contents
from apps.thinkific.resources.coupons import Coupons
from apps.thinkific.resources.course_reviews import CourseReviews
from apps.thinkific.resources.courses import Courses
from apps.thinkific.resources.custom_profile_fields import CustomProfileFields
from apps.thinkific.resources.enrollments import Enrollments
from apps.thinkific.resources.external_orders import ExternalOrders
from apps.thinkific.resources.groups import Groups
from apps.thinkific.resources.instructors import Instructors
from apps.thinkific.resources.orders import Orders
from apps.thinkific.resources.products import Products
from apps.thinkific.resources.promotions import Promotions
from apps.thinkific.resources.users import Users
from apps.thinkific.resources.webhooks import Events, Webhooks
from apps.thinkific.transport import (
    RawResponse,
    Timeouts,
    check_headers,
    network_error,
    path_of,
    pooled_session,
    read_raw,
)

__all__ = ["RawResponse", "ThinkificClient", "Timeouts", "pooled_session"]

logger = logging.getLogger(__name__)

T = TypeVar("T")

USER_AGENT = "ThinkificPortal/0.1 (+https://github.com/thinkific-portal)"

# GET is retried on any transient failure. PUT and DELETE are not: a PUT that reached
# Thinkific may have fired webhooks already, and a repeated DELETE answers 404 for a
# delete that in fact succeeded. Any method is retried when the request surely never
# reached Thinkific: no connection was made, or Cloudflare could not reach the origin.
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS"})
ORIGIN_UNREACHED = frozenset({521, 522, 523})
MAX_ATTEMPTS = 5
BACKOFF_BASE = 0.25
BACKOFF_CAP = 2.0
DEFAULT_TIMEOUTS = Timeouts()


class ThinkificClient:
    """Talks to one school. Build it through `apps.connections.services.client_for`.

    `refresh_tokens` trades a stale token set for a fresh one and stores it; it is the
    caller's, so that processes sharing a school can agree on who spends a refresh token.
    Each of `listeners` is told of every call once it has ended (`exchanges.Exchange`).
    """

    # Its resources, one module each under `resources/`, bound in the constructor.
    users: Users
    instructors: Instructors
    collections: Collections
    promotions: Promotions
    coupons: Coupons
    orders: Orders
    enrollments: Enrollments
    courses: Courses
    chapters: Chapters
    contents: Contents
    products: Products
    groups: Groups
    custom_profile_fields: CustomProfileFields
    bundles: Bundles
    course_reviews: CourseReviews
    external_orders: ExternalOrders
    webhooks: Webhooks
    events: Events

    @sensitive_variables("api_key", "tokens")
    def __init__(
        self,
        *,
        subdomain: str,
        base_url: str = THINKIFIC_API,
        api_key: str = "",
        tokens: TokenSet | None = None,
        refresh_tokens: Callable[[TokenSet], TokenSet] | None = None,
        governor: RateGovernor | None = None,
        timeouts: Timeouts = DEFAULT_TIMEOUTS,
        session: requests.Session | None = None,
        listeners: tuple[Listener, ...] = (),
    ):
        if not api_key and tokens is None:
            raise ValueError("A client needs an API key or OAuth tokens.")
        self.subdomain = subdomain
        self.base_url = base_url.rstrip("/")
        self._api_key = api_key
        self._tokens = tokens
        self._refresh_tokens = refresh_tokens
        self._refresh_lock = threading.Lock()
        self.governor = governor
        self.timeouts = timeouts
        self.session = session or requests.Session()
        self.session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
        self.listeners = listeners
        self.users = Users(self)
        self.instructors = Instructors(self)
        self.collections = Collections(self)
        self.promotions = Promotions(self)
        self.coupons = Coupons(self)
        self.orders = Orders(self)
        self.enrollments = Enrollments(self)
        self.courses = Courses(self)
        self.chapters = Chapters(self)
        self.contents = Contents(self)
        self.products = Products(self)
        self.groups = Groups(self)
        self.custom_profile_fields = CustomProfileFields(self)
        self.bundles = Bundles(self)
        self.course_reviews = CourseReviews(self)
        self.external_orders = ExternalOrders(self)
        self.webhooks = Webhooks(self)
        self.events = Events(self)

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
        """Make a request and return its decoded JSON (None for an empty answer).

        Retries what is safe to retry while the total wait stays within
        `timeouts.max_retry_wait`; raises an `errors.ThinkificError` otherwise (an
        `errors.UnsendableError`, before sending, for what HTTP cannot carry).
        """
        method = method.upper()
        exchange = Exchange(method, path, api, params=params, body=json)
        try:
            answer = self._request(method, path, api, params=params, json=json)
        except errors.ThinkificError as exc:
            self._tell(replace(exchange, error=exc))
            raise
        self._tell(replace(exchange, answer=answer))
        return answer

    def _request(self, method: str, path: str, api: str, *, params: dict | None, json: Any) -> Any:
        url = self.url(path, api=api)
        waited = 0.0
        for attempt in range(MAX_ATTEMPTS):
            try:
                response = self._send(method, url, params=params, json=json)
            except errors.NetworkError as exc:
                error: errors.ThinkificError = exc
                retryable = method in IDEMPOTENT or exc.never_connected
            else:
                if response.status_code < 300:
                    return self._decode(response)
                error = errors.for_response(response)
                retryable = _retryable(method, response.status_code)
            delay = self._delay(attempt, error)
            last_attempt = attempt == MAX_ATTEMPTS - 1
            if not retryable or last_attempt or waited + delay > self.timeouts.max_retry_wait:
                raise error
            logger.info(
                "thinkific retry %s %s in %.2fs after %s", method, path, delay, type(error).__name__
            )
            time.sleep(delay)
            waited += delay
        raise AssertionError("unreachable: the last attempt raises")

    def raw(
        self,
        method: str,
        url: str,
        *,
        data: bytes | None = None,
        headers: dict | None = None,
        max_bytes: int,
        timeout: float,
    ) -> RawResponse:
        """One authorized request, answered as Thinkific answered it (no status mapping).

        At most `max_bytes` of the body are read, for at most `timeout` seconds in all; the
        connection is closed either way. Never retried. Raises `errors.UnsendableError` for
        headers HTTP cannot carry, `errors.NetworkError` when no answer came, and
        `errors.RateLimitedError` (with `held_back`) when the portal held the request back to
        stay within the school's budget.
        """
        exchange = Exchange(method.upper(), path_of(url), "", body=data, raw=True)
        started = time.monotonic()
        try:
            response = self._send(method, url, data=data, headers=headers, stream=True)
            answer = read_raw(response, max_bytes=max_bytes, deadline=started + timeout)
        except errors.ThinkificError as exc:
            self._tell(replace(exchange, error=exc))
            raise
        answer = replace(answer, elapsed=time.monotonic() - started)
        self._tell(replace(exchange, answer=answer))
        return answer

    def credential_placeholders(self, url: str) -> dict[str, str]:
        """The credential headers a request to `url` carries, with shell variables in place
        of the secrets: for showing a request (say, as curl) without leaking them."""
        if self._tokens is not None:
            return {"Authorization": "Bearer $THINKIFIC_ACCESS_TOKEN"}
        return self._key_headers(url, "$THINKIFIC_API_KEY")

    def url(self, path: str, *, api: str = ADMIN_API) -> str:
        """The full URL of `path` under one of Thinkific's APIs."""
        return f"{self.base_url}{api}/{path.lstrip('/')}"

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
        query = {**(params or {}), "page": max(1, page), "limit": max(1, min(limit, MAX_LIMIT))}
        data = self.request("GET", path, params=query)
        if not isinstance(data, dict):
            raise errors.BadResponseError("Thinkific sent a list without its envelope.")
        return Page.from_api(data, [record(item) for item in _items(data)], page=page)

    def iterate(
        self, path: str, record: Callable[[dict], T], *, params: dict | None = None
    ) -> Iterator[T]:
        """Every item of a list endpoint, fetched 250 at a time."""
        page_number = 1
        while True:
            current = self.page(path, record, page=page_number, limit=MAX_LIMIT, params=params)
            yield from current.items
            following = current.next_page
            # Stop on a page that does not move forward, rather than loop for ever.
            if not current.items or not following or following <= page_number:
                return
            page_number = following

    def cursor_page(
        self, path: str, record: Callable[[dict], T], *, limit: int = 25, cursor: str | None = None
    ) -> CursorPage[T]:
        """One page of a Webhooks API v2 list."""
        query: dict[str, Any] = {"limit": max(1, limit)}
        if cursor:
            query["next"] = cursor
        data = self.request("GET", path, params=query, api=WEBHOOKS_API)
        if not isinstance(data, dict):
            raise errors.BadResponseError("Thinkific sent a list without its envelope.")
        return CursorPage.from_api(data, [record(item) for item in _items(data)])

    def iterate_cursor(
        self, path: str, record: Callable[[dict], T], *, limit: int = MAX_LIMIT
    ) -> Iterator[T]:
        """Every item of a Webhooks API v2 list, following its cursors."""
        cursor: str | None = None
        seen: set[str] = set()
        while True:
            current = self.cursor_page(path, record, limit=limit, cursor=cursor)
            yield from current.items
            cursor = current.next_cursor
            if not cursor or not current.items or cursor in seen:
                return
            seen.add(cursor)

    # -- resources ------------------------------------------------------------------------

    @classmethod
    def resource_classes(cls) -> dict[str, type]:
        """`client.<name>` -> its resource class, as declared above."""
        return get_annotations(cls, eval_str=True)

    # -- internals ------------------------------------------------------------------------

    def _tell(self, exchange: Exchange) -> None:
        for listener in self.listeners:
            try:
                listener(exchange)
            except Exception:
                logger.exception("thinkific listener %r failed on %s", listener, exchange.path)

    def _send(
        self,
        method: str,
        url: str,
        *,
        params: dict | None = None,
        json: Any = None,
        data: bytes | None = None,
        headers: dict | None = None,
        stream: bool = False,
    ) -> requests.Response:
        # An expiring OAuth token is refreshed first, and a 401 is answered by one refresh
        # and one more try; a 429 holds back the school's governor.
        check_headers(headers or {})
        tokens = self._current_tokens()
        response = self._send_once(method, url, params, json, data, headers, tokens, stream)
        if response.status_code == 401 and tokens is not None and self._can_refresh():
            response.close()
            tokens = self._refresh(stale=tokens)
            response = self._send_once(method, url, params, json, data, headers, tokens, stream)
        if response.status_code == 429 and self.governor:
            self.governor.block_until(
                errors.parse_rate_limit_reset(response.headers.get("RateLimit-Reset"))
            )
        return response

    @sensitive_variables()  # every frame below too: requests holds the headers
    def _send_once(
        self,
        method: str,
        url: str,
        params: dict | None,
        json: Any,
        data: bytes | None,
        headers: dict | None,
        tokens: TokenSet | None,
        stream: bool = False,
    ) -> requests.Response:
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
                # Ours last: a caller's headers can never replace the credentials.
                headers={**(headers or {}), **self._auth_headers(url, tokens)},
                timeout=self.timeouts.pair,
                allow_redirects=False,
                stream=stream,
            )
        except requests.RequestException as exc:
            logger.warning("thinkific %s %s failed: %s", method, path_of(url), type(exc).__name__)
            raise network_error(exc) from exc
        logger.info(
            "thinkific %s %s %s %.0fms",
            method,
            path_of(url),
            response.status_code,
            (time.monotonic() - started) * 1000,
        )
        return response

    @sensitive_variables()
    def _auth_headers(self, url: str, tokens: TokenSet | None) -> dict[str, str]:
        if tokens is not None:
            return {"Authorization": f"Bearer {tokens.access_token}"}
        return self._key_headers(url, self._api_key)

    @sensitive_variables()
    def _key_headers(self, url: str, key: str) -> dict[str, str]:
        headers = {"X-Auth-API-Key": key, "X-Auth-Subdomain": self.subdomain}
        if url.startswith(self.url("", api=WEBHOOKS_API)):
            # The Webhooks API documents bearer tokens only; integrations that use it with
            # a site key send the key as the bearer token, and the pair beside it.
            headers["Authorization"] = f"Bearer {key}"
        return headers

    def _can_refresh(self) -> bool:
        return bool(self._tokens and self._tokens.refresh_token and self._refresh_tokens)

    def _current_tokens(self) -> TokenSet | None:
        tokens = self._tokens
        if tokens is not None and tokens.expires_soon() and self._can_refresh():
            tokens = self._refresh(stale=tokens)
        return tokens

    def _refresh(self, *, stale: TokenSet) -> TokenSet:
        """Trade `stale` for fresh tokens, once per client however many threads found it
        stale; across clients and processes, the `refresh_tokens` callback decides."""
        assert self._refresh_tokens is not None
        with self._refresh_lock:
            current = self._tokens
            if current is not None and current is not stale:  # another thread did it
                return current
            self._tokens = self._refresh_tokens(stale)
            return self._tokens

    def _delay(self, attempt: int, error: errors.ThinkificError) -> float:
        # Equal jitter: grows with each attempt, capped, and spread so processes don't align.
        step = min(BACKOFF_CAP, BACKOFF_BASE * 2**attempt)
        backoff = step / 2 + random.uniform(0, step / 2)  # noqa: S311 (jitter, not crypto)
        if isinstance(error, errors.RateLimitedError):
            return max(backoff, error.reset_at - time.time())
        return backoff

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


def _retryable(method: str, status: int) -> bool:
    if status in ORIGIN_UNREACHED:
        return True
    return method in IDEMPOTENT and (status >= 500 or status == 429)


def _items(data: dict) -> list[dict]:
    items = data.get("items")
    if not isinstance(items, list):
        raise errors.BadResponseError("Thinkific sent a list without items.")
    return [item for item in items if isinstance(item, dict)]
