"""Promotions: `/promotions`, discounts that coupons unlock."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from apps.thinkific import errors
from apps.thinkific.records import Record
from apps.thinkific.resources.base import Crud, join

DISCOUNT_TYPES = ("fixed", "percentage")


@dataclass(frozen=True, kw_only=True)
class Promotion(Record):
    id: int
    name: str = ""
    description: str | None = None
    discount_type: str | None = None
    amount: Decimal | None = None  # dollars when fixed, 0-100 when a percentage
    starts_at: datetime | None = None
    expires_at: datetime | None = None
    duration: int | None = None  # billing periods, for subscriptions and payment plans
    coupon_ids: tuple[int, ...] = ()
    # No product_ids: Thinkific takes them on a write but its answer has none (see product_ids()).
    created_at: datetime | None = None


class Promotions(Crud[Promotion]):
    """`client.promotions`. Create and update take name, discount_type and amount
    (required), description, starts_at, expires_at, product_ids, coupon_ids, duration."""

    path = "promotions"
    record = Promotion

    def by_coupon(self, *, product_id: int, coupon_code: str) -> Promotion:
        """The promotion a coupon code unlocks for a product; `errors.NotFoundError` if none."""
        data = self._request(
            "GET",
            join(self.path, "by_coupon"),
            params={"product_id": product_id, "coupon_code": coupon_code},
        )
        return self._record(data)

    def product_ids(
        self, promotion_id: int, *, coupon_code: str, among: Iterable[int]
    ) -> tuple[int, ...]:
        """Which of the products `among` the promotion applies to, read the one way the API
        allows: `by_coupon` with one of the promotion's coupon codes, one request per product.

        Thinkific answers only while the promotion runs and the coupon has uses left; a
        promotion without products applies to all of them.
        """
        applies = []
        for product_id in among:
            try:
                found = self.by_coupon(product_id=product_id, coupon_code=coupon_code)
            except errors.NotFoundError:
                continue
            if found.id == promotion_id:  # a code may unlock another promotion too
                applies.append(product_id)
        return tuple(applies)
