"""Typed errors for every way a call to Thinkific can fail.

`for_response` is the one mapping from an HTTP answer to an error; views and templates
only ever see these classes.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import requests

# Thinkific's budget window is one minute; a reset further away than this is a misreading
# (or a skewed clock), and must not hold a school back for hours.
MAX_RESET_DELAY = 3600.0
# RateLimit-Reset values below an epoch are delays; above this many they are milliseconds.
MAX_DELAY_SECONDS = 600


class ThinkificError(Exception):
    """Base class: something went wrong talking to Thinkific."""

    status: int | None = None
    default_message = "Thinkific answered with an error."

    def __init__(self, message: str = "", *, status: int | None = None, body: object = None):
        super().__init__(message or self.default_message)
        self.message = message or self.default_message
        if status is not None:
            self.status = status
        self.body = body


class NetworkError(ThinkificError):
    default_message = "Thinkific could not be reached (timeout or connection failure)."

    def __init__(self, message: str = "", *, never_connected: bool = False):
        super().__init__(message)
        # True when the request surely never reached Thinkific, so any method may be retried.
        self.never_connected = never_connected


class UnsendableError(ThinkificError):
    """The request cannot be put on the wire as it is (nothing was sent); the message says
    why, in words for staff."""

    default_message = "This request cannot be sent over HTTP as it is."


class BadResponseError(ThinkificError):
    default_message = "Thinkific sent an answer that is not the JSON it should be."


class AuthenticationError(ThinkificError):
    status = 401
    default_message = (
        "Thinkific rejected the credentials (it answers the same for a plan without API access)."
    )


class PermissionDeniedError(ThinkificError):
    status = 403
    default_message = "Thinkific does not allow these credentials to do that."


class NotFoundError(ThinkificError):
    status = 404
    default_message = "Thinkific has no such record."


class ValidationError(ThinkificError):
    """422: `field_errors` maps Thinkific field names to messages; the rest are general."""

    status = 422
    default_message = "Thinkific did not accept the data."

    def __init__(self, message: str = "", *, body: object = None, status: int | None = None):
        self.field_errors, self.non_field_errors = normalize_errors(body)
        super().__init__(message or _summary(body), status=status, body=body)


class RateLimitedError(ThinkificError):
    status = 429
    default_message = "Too many requests to Thinkific."

    def __init__(
        self,
        message: str = "",
        *,
        reset_at: float,
        status: int | None = None,
        body: object = None,
        held_back: bool = False,
    ):
        super().__init__(message, status=status, body=body)
        self.reset_at = reset_at
        # True when the portal's governor refused: nothing was sent. False: Thinkific's 429.
        self.held_back = held_back

    @property
    def retry_after(self) -> int:
        """Whole seconds until the budget resets (at least 1)."""
        return max(1, round(self.reset_at - time.time()))

    @property
    def reset_at_datetime(self) -> datetime:
        return datetime.fromtimestamp(self.reset_at, tz=UTC)


class ServerError(ThinkificError):
    default_message = "Thinkific had a server error."


STATUS_ERRORS: dict[int, type[ThinkificError]] = {
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    422: ValidationError,
}


def for_response(response: requests.Response) -> ThinkificError:
    """The error for a non-2xx answer."""
    status = response.status_code
    try:
        body = response.json()
    except ValueError:
        body = response.text[:500]
    if status == 429:
        return RateLimitedError(
            reset_at=parse_rate_limit_reset(response.headers.get("RateLimit-Reset")),
            status=status,
            body=body,
        )
    if status >= 500:
        return ServerError(f"Thinkific had a server error ({status}).", status=status, body=body)
    error_class = STATUS_ERRORS.get(status, ThinkificError)
    return error_class(_summary(body), status=status, body=body)


def parse_rate_limit_reset(value: str | None, *, now: float | None = None) -> float:
    """Epoch seconds when the budget resets.

    Thinkific's pages disagree on the header: an epoch in seconds, an epoch in milliseconds,
    or milliseconds until the reset. Epochs are told apart by size; a small number is a
    delay, in seconds up to `MAX_DELAY_SECONDS` and in milliseconds above (the window is a
    minute, so no delay in seconds gets that large). Unreadable: a minute from now.
    """
    now = time.time() if now is None else now
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return now + 60
    if number != number or number < 0:  # NaN or negative
        return now + 60
    if number > 1e11:  # 13 digits: epoch milliseconds
        number /= 1000
    elif number < 1e9:  # not an epoch: a delay
        number = now + (number / 1000 if number > MAX_DELAY_SECONDS else number)
    return min(number, now + MAX_RESET_DELAY)


def normalize_errors(body: object) -> tuple[dict[str, list[str]], list[str]]:
    """Field errors and general errors from the shapes of Thinkific's error bodies.

    `{"errors": {"email": ["is taken"]}}`, `{"errors": {"user_id": "Invalid user IDs"}}`,
    `{"errors": ["Course could not be found."]}` and `{"errors": [{"user_ids": "..."}]}`
    (and the same under `error`, as some 404s have it); `base` counts as general.
    """
    if isinstance(body, dict):
        errors = body.get("errors", body.get("error"))
    else:  # a bare list is read; text (an HTML error page) is no message for people
        errors = body if isinstance(body, list) else None
    field_errors: dict[str, list[str]] = {}
    general: list[str] = []

    def add(field: object, messages: object) -> None:
        texts = [str(m) for m in messages] if isinstance(messages, list) else [str(messages)]
        if field == "base":
            general.extend(texts)
        else:
            field_errors.setdefault(str(field), []).extend(texts)

    for item in errors if isinstance(errors, list) else [errors]:
        if isinstance(item, dict):
            for field, messages in item.items():
                add(field, messages)
        elif isinstance(item, str):
            general.append(item)
        elif item is not None:
            general.append(str(item))
    return field_errors, general


def _summary(body: object) -> str:
    """One line for people from whatever error body Thinkific sent ("" when none)."""
    if not isinstance(body, dict):
        return ""
    field_errors, general = normalize_errors(body)
    parts = general + [f"{field} {'; '.join(texts)}" for field, texts in field_errors.items()]
    if not parts and isinstance(body.get("message"), str):
        parts = [body["message"]]
    return "; ".join(parts)
