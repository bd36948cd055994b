"""Who is acting: the staff member behind the writes of the current request or job."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

_acting: ContextVar[Any] = ContextVar("history_acting", default=None)


def acting_user():
    """The staff member of the current request (None outside one, or anonymous)."""
    user = _acting.get()
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user


@contextlib.contextmanager
def acting(user) -> Iterator[None]:
    """Writes made inside are `user`'s."""
    token = _acting.set(user)
    try:
        yield
    finally:
        _acting.reset(token)


class ActingUserMiddleware:
    """Makes the request's user the one acting for the writes the request makes (after
    AuthenticationMiddleware; the user is only read when a write is recorded)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting(request.user):
            return self.get_response(request)
