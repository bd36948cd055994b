"""Writing coupons to Thinkific. Errors come back as `errors.ThinkificError` subclasses."""

from __future__ import annotations

from typing import Any

from apps.core.writes import update_changed
from apps.thinkific import ThinkificClient
from apps.thinkific.resources.coupons import Coupon


def coupon_create(
    *, client: ThinkificClient, promotion_id: int, code: str, **fields: Any
) -> Coupon:
    """One coupon of the promotion; `fields` are note and quantity (absent: unlimited)."""
    return client.coupons.create(promotion_id, code=code, **fields)


def coupon_update(*, client: ThinkificClient, coupon_id: int, **fields: Any) -> bool:
    """Change the named fields (with the code, which Thinkific wants every time). False
    when there was nothing to change (no request is made)."""
    return update_changed(client.coupons, coupon_id, fields)


def coupon_delete(*, client: ThinkificClient, coupon_id: int) -> None:
    client.coupons.delete(coupon_id)
