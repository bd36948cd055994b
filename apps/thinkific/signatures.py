"""Thinkific's webhook signature: hex HMAC-SHA256 of the raw body."""

import hashlib
import hmac

from django.views.decorators.debug import sensitive_variables


@sensitive_variables()
def sign(body: bytes, secret: str) -> str:
    """The hex signature Thinkific puts in `X-Thinkific-Hmac-Sha256` for `body`."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@sensitive_variables()
def is_valid(body: bytes, signature: str | None, secret: str) -> bool:
    """True when `signature` is the body's signature under `secret` (constant time)."""
    if not signature or not secret:
        return False
    # Compared as bytes: compare_digest refuses non-ASCII str, and a header is untrusted.
    given = signature.strip().lower().encode("utf-8", "replace")
    return hmac.compare_digest(sign(body, secret).encode("ascii"), given)
