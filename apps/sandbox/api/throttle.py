"""Thinkific's request budget per school, and the faults a school is set to inject."""

from __future__ import annotations

import random
import time
from http import HTTPStatus

from django.core.cache import cache

from apps.sandbox import errors
from apps.sandbox.models import School

WINDOW = 60  # seconds


def rate_limit(school: School, *, now: float | None = None) -> None:
    """Count one request in the school's current minute; 429 once the budget is spent.

    A fixed one-minute window counted in the Django cache (Redis when configured), so
    every process serving the sandbox spends the same budget.
    """
    now = time.time() if now is None else now
    window = int(now // WINDOW)
    key = f"sandbox:rate:{school.pk}:{window}"
    cache.add(key, 0, timeout=WINDOW * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW * 2)
        count = 1
    if count > school.rate_limit:
        raise errors.RateLimitedError(reset_ms=(window + 1) * WINDOW * 1000)


def inject_faults(school: School, *, rng: random.Random | None = None) -> None:
    """Added latency, then a forced status, then random 500s, as set on the school."""
    if school.latency_ms:
        time.sleep(school.latency_ms / 1000)
    if school.forced_status:
        raise forced_error(school.forced_status)
    if school.error_rate and (rng or random).random() < school.error_rate:
        raise errors.ApiError({"error": "Internal Server Error"}, status=500)


def forced_error(status: int) -> errors.ApiError:
    if status == 401:
        return errors.AuthenticationError()
    if status == 404:
        return errors.NotFoundError()
    if status == 429:
        return errors.RateLimitedError(reset_ms=(int(time.time() // WINDOW) + 1) * WINDOW * 1000)
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    return errors.ApiError({"error": phrase}, status=status)
