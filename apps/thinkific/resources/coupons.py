"""Coupons: `/coupons`, codes of one promotion (named in the query string, not the path)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from apps.thinkific import errors
from apps.thinkific.pagination import Page
from apps.thinkific.records import Record
from apps.thinkific.resources.base import Deletable, Retrievable, Updatable, compact, join

# Thinkific keeps a coupon's uses in a 32-bit integer: more is refused (or worse, a 500).
MAX_QUANTITY = 2**31 - 1


@dataclass(frozen=True, kw_only=True)
class Coupon(Record):
    id: int
    code: str = ""
    note: str | None = None
    quantity: int | None = None  # None: unlimited uses
    quantity_used: int = 0
    promotion_id: int | None = None
    created_at: datetime | None = None


class Coupons(Retrievable[Coupon], Updatable[Coupon], Deletable[Coupon]):
    """`client.coupons`. `update` takes code (required), note, quantity, quantity_used."""

    path = "coupons"
    record = Coupon

    def list(self, promotion_id: int, *, page: int = 1, limit: int = 25) -> Page[Coupon]:
        """One page of the promotion's coupons."""
        return self._page(page=page, limit=limit, params={"promotion_id": promotion_id})

    def all(self, promotion_id: int) -> Iterator[Coupon]:
        """Every coupon of the promotion, fetched 250 at a time."""
        return self._iterate(params={"promotion_id": promotion_id})

    def create(self, promotion_id: int, **fields: Any) -> Coupon:
        """One coupon for the promotion: code (required), quantity (absent: unlimited), note."""
        return self._create(fields, params={"promotion_id": promotion_id})

    def bulk_create(
        self,
        promotion_id: int,
        *,
        bulk_quantity: int,
        bulk_coupon_code_length: int | None = None,
        bulk_quantity_per_coupon: int | None = None,
    ) -> tuple[Coupon, ...]:
        """Up to 1000 coupons with generated codes (at least 6 characters long)."""
        data = self._request(
            "POST",
            join(self.path, "bulk_create"),
            params={"promotion_id": promotion_id},
            json=compact(
                {
                    "bulk_quantity": bulk_quantity,
                    "bulk_coupon_code_length": bulk_coupon_code_length,
                    "bulk_quantity_per_coupon": bulk_quantity_per_coupon,  # absent: unlimited
                }
            ),
        )
        # The one list answer without pagination: {"items": [...]} alone.
        items = data.get("items") if isinstance(data, dict) else None
        if not isinstance(items, list):
            raise errors.BadResponseError("Thinkific answered the bulk create without items.")
        return tuple(self._record(item) for item in items if isinstance(item, dict))
