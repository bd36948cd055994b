"""Thinkific's webhook signature: hex HMAC-SHA256 of the raw body."""

import hashlib
import hmac


def sign(body: bytes, secret: str) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def is_valid(body: bytes, signature: str | None, secret: str) -> bool:
    """True when `signature` is the body's signature under `secret` (constant time)."""
    if not signature or not secret:
        return False
    return hmac.compare_digest(sign(body, secret), signature.strip().lower())
