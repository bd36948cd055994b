"""Typed errors for every way a call to Thinkific can fail.

`for_response` is the one mapping from an HTTP answer to an error; views and templates
only ever see these classes.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import requests


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
        super().__init__(message, status=status, body=body)
        self.field_errors, self.non_field_errors = normalize_errors(body)


class RateLimitedError(ThinkificError):
    status = 429
    default_message = "Too many requests to Thinkific."

    def __init__(
        self, message: str = "", *, reset_at: float, status: int | None = None, body: object = None
    ):
        super().__init__(message, status=status, body=body)
        self.reset_at = reset_at

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
    return error_class(_message_from(body), status=status, body=body)


def _message_from(body: object) -> str:
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        return body["error"]
    return ""


def parse_rate_limit_reset(value: str | None, *, now: float | None = None) -> float:
    """Epoch seconds when the budget resets; Thinkific sends epoch seconds or milliseconds."""
    now = time.time() if now is None else now
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return now + 60
    if number > 1e11:  # 13 digits: epoch milliseconds
        number /= 1000
    if number < 1e9:  # a small number is a delay, not a moment
        number += now
    return number


def normalize_errors(body: object) -> tuple[dict[str, list[str]], list[str]]:
    """Field errors and general errors from the three shapes of Thinkific's 422 bodies.

    `{"errors": {"email": ["is taken"]}}`, `{"errors": {"user_id": "Invalid user IDs"}}`
    and `{"errors": ["Course could not be found."]}`; `base` counts as general.
    """
    errors = body.get("errors", body.get("error")) if isinstance(body, dict) else body
    field_errors: dict[str, list[str]] = {}
    general: list[str] = []
    if isinstance(errors, dict):
        for field, messages in errors.items():
            if isinstance(messages, str):
                messages = [messages]
            elif not isinstance(messages, list):
                messages = [str(messages)]
            messages = [str(message) for message in messages]
            if field == "base":
                general.extend(messages)
            else:
                field_errors[str(field)] = messages
    elif isinstance(errors, list):
        general.extend(str(message) for message in errors)
    elif isinstance(errors, str):
        general.append(errors)
    return field_errors, general
