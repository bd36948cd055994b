"""Reading a promotion's coupons from Thinkific."""

from __future__ import annotations

from apps.thinkific import ThinkificClient, errors
from apps.thinkific.pagination import Page
from apps.thinkific.resources.coupons import Coupon


def coupon_list(
    *, client: ThinkificClient, promotion_id: int, page: int = 1, limit: int = 25
) -> Page[Coupon]:
    """One page of the promotion's coupons (one request)."""
    return client.coupons.list(promotion_id, page=page, limit=limit)


def coupon_get(*, client: ThinkificClient, promotion_id: int, coupon_id: int) -> Coupon:
    """The coupon, if it is the promotion's: another promotion's is not found here."""
    coupon = client.coupons.get(coupon_id)
    if coupon.promotion_id != promotion_id:
        raise errors.NotFoundError("The coupon belongs to another promotion.")
    return coupon
