"""HTTP plumbing under the client: the shared session, timeouts, network failures, and
reading a raw answer within a size and time limit."""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass
from http.cookiejar import DefaultCookiePolicy

import requests
from urllib3.exceptions import ConnectTimeoutError

from apps.thinkific import errors

logger = logging.getLogger(__name__)

CHUNK_SIZE = 64 * 1024
HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")


@dataclass(frozen=True)
class Timeouts:
    """Seconds: to connect, to read an answer, and in all to wait between retries."""

    connect: float = 5.0
    read: float = 20.0
    max_retry_wait: float = 4.0

    @property
    def pair(self) -> tuple[float, float]:
        """(connect, read), as `requests` takes them."""
        return (self.connect, self.read)


@dataclass(frozen=True)
class RawResponse:
    """An answer exactly as Thinkific sent it, read (at most) up to a size and time limit.

    `cut` says why reading stopped early: "size", "time", "broken" (the connection failed
    or a read timed out midway) or "" (all of it was read).
    """

    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    encoding: str = ""
    cut: str = ""
    elapsed: float = 0.0  # seconds, from sending to the last byte read

    @property
    def text(self) -> str:
        """The body decoded by its charset; an unknown charset falls back to UTF-8."""
        try:
            return self.body.decode(self.encoding or "utf-8", errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        return next((value for key, value in self.headers if key.lower() == lowered), None)


def read_raw(response: requests.Response, *, max_bytes: int, deadline: float) -> RawResponse:
    """Read a streamed `response` into a `RawResponse`, then close its connection."""
    with response:
        body, cut = read_limited(response, max_bytes=max_bytes, deadline=deadline)
    return RawResponse(
        status=response.status_code,
        reason=response.reason or "",
        headers=tuple(response.headers.items()),
        body=body,
        encoding=response.encoding or "",
        cut=cut,
    )


def read_limited(
    response: requests.Response, *, max_bytes: int, deadline: float
) -> tuple[bytes, str]:
    """At most `max_bytes` of the body, read until `deadline` (monotonic seconds).

    Returns the bytes and why reading stopped early (see `RawResponse.cut`).
    """
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_content(chunk_size=CHUNK_SIZE):
            chunks.append(chunk)
            size += len(chunk)
            if size > max_bytes:
                return b"".join(chunks)[:max_bytes], "size"
            if time.monotonic() > deadline:
                return b"".join(chunks), "time"
    except requests.RequestException as exc:
        logger.info("thinkific answer broke off after %d bytes: %s", size, type(exc).__name__)
        return b"".join(chunks), "broken"
    return b"".join(chunks), ""


_pool = threading.local()


def pooled_session() -> requests.Session:
    """This thread's keep-alive session, shared by every school's client: one TLS handshake
    with Thinkific per thread rather than per page. It keeps no cookies, so nothing from
    one school's answers travels with another school's requests."""
    session = getattr(_pool, "session", None)
    if session is None:
        session = requests.Session()
        session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
        _pool.session = session
    return session


def check_headers(headers: dict[str, str]) -> None:
    """Raise `errors.UnsendableError` for a header HTTP cannot carry, before anything is sent
    (`http.client` would fail midway with an encoding error)."""
    for name, value in headers.items():
        if not HEADER_NAME.fullmatch(name):
            raise errors.UnsendableError(f"“{name}” is not a header name: use letters, digits, -.")
        if "\r" in value or "\n" in value:
            raise errors.UnsendableError(f"“{name}”: header values cannot hold line breaks.")
        try:
            value.encode("latin-1")
        except UnicodeEncodeError:
            raise errors.UnsendableError(
                f"“{name}”: HTTP headers carry only Latin-1 characters; percent-encode others "
                "or send them in the body."
            ) from None


def path_of(url: str) -> str:
    """`url` without its query, for logs (a query may carry personal data)."""
    return url.split("?", 1)[0]


def network_error(exc: requests.RequestException) -> errors.NetworkError:
    """The typed error for a request that got no answer."""
    return errors.NetworkError(
        "Thinkific did not answer in time."
        if isinstance(exc, requests.Timeout)
        else "Thinkific could not be reached.",
        never_connected=never_connected(exc),
    )


def never_connected(exc: requests.RequestException) -> bool:
    """True when the request surely never left: no connection (refused, DNS, connect timeout).

    A reset or a read timeout may come after Thinkific got the request, so they are not.
    """
    if isinstance(exc, requests.ConnectTimeout):
        return True
    if not isinstance(exc, requests.ConnectionError) or isinstance(exc, requests.ReadTimeout):
        return False
    # urllib3 wraps the cause; NewConnectionError (refused, name not resolved) is a
    # ConnectTimeoutError subclass.
    cause = exc.args[0] if exc.args else None
    if isinstance(getattr(cause, "reason", cause), ConnectTimeoutError):
        return True
    return "Connection refused" in str(exc)
