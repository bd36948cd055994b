"""A school's rarely changing lists (its courses, products, profile fields), read once in a
while rather than on every page that offers them as choices."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")
CHOICES_TTL = 300  # seconds


def per_school(name: str, connection_id: int, read: Callable[[], T], ttl: int = CHOICES_TTL) -> T:
    """`read()`'s answer, kept `ttl` seconds under `name` for the connection. By
    connection, not by subdomain: two connections may name the same subdomain on different
    API hosts (a sandbox and the real school), and must never share answers."""
    return cache.get_or_set(f"{name}:{connection_id}", read, ttl)
