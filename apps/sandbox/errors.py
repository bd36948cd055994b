"""The sandbox's one error type, raised by services and turned into Thinkific's answer once.

The body of each error is exactly what Thinkific sends; several shapes exist (see
docs/sandbox.md), so an error carries its body rather than a message.
"""

from __future__ import annotations

from typing import Any

from django.http import JsonResponse

NOT_FOUND = {"error": "Record not found."}
AUTHENTICATION = {"error": "Authentication Error"}


class ApiError(Exception):
    status = 400

    def __init__(self, body: Any, *, status: int | None = None, headers: dict | None = None):
        super().__init__(body)
        self.body = body
        self.status = status or self.status
        self.headers = headers or {}

    def response(self) -> JsonResponse:
        response = JsonResponse(self.body, status=self.status, safe=False)
        for name, value in self.headers.items():
            response[name] = value
        return response


class BadRequestError(ApiError):
    status = 400

    def __init__(self, message: str):
        super().__init__({"error": message})


class AuthenticationError(ApiError):
    status = 401

    def __init__(self):
        super().__init__(AUTHENTICATION)


class NotFoundError(ApiError):
    status = 404

    def __init__(self, body: Any = None):
        super().__init__(NOT_FOUND if body is None else body)


class MethodNotAllowedError(ApiError):
    status = 405

    def __init__(self, allowed: list[str]):
        super().__init__({"error": "Method Not Allowed"}, headers={"Allow": ", ".join(allowed)})


class ValidationError(ApiError):
    """422. `errors` is a dict of field -> [messages] (or -> message), or a list of messages."""

    status = 422

    def __init__(self, errors: dict | list):
        super().__init__({"errors": errors})
        self.errors = errors


class RateLimitedError(ApiError):
    status = 429

    def __init__(self, reset_ms: int):
        super().__init__(
            {"error": "Rate Limit Exceeded"}, headers={"RateLimit-Reset": str(reset_ms)}
        )
