"""Orders: `/orders`, read-only (Thinkific offers no filters on the list)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Self

from apps.thinkific.records import Record
from apps.thinkific.resources.base import Listable, Retrievable


@dataclass(frozen=True, kw_only=True)
class OrderItem(Record):
    product_id: int | None = None
    product_name: str = ""
    amount_dollars: Decimal | None = None
    amount_cents: int | None = None


@dataclass(frozen=True, kw_only=True)
class Order(Record):
    id: int
    status: str = ""
    user_id: int | None = None
    user_email: str = ""
    user_name: str = ""
    product_id: int | None = None
    product_name: str = ""
    amount_dollars: Decimal | None = None
    amount_cents: int | None = None
    subscription: bool = False
    coupon_code: str | None = None
    coupon_id: int | None = None
    affiliate_referral_code: str | None = None
    items: tuple[OrderItem, ...] = ()
    created_at: datetime | None = None

    @classmethod
    def from_api(cls, data: dict) -> Self:
        # Thinkific's spec spells it "created at"; live answers say created_at. Take either.
        if isinstance(data, dict) and data.get("created_at") is None and "created at" in data:
            data = {**data, "created_at": data["created at"]}
        return super().from_api(data)


class Orders(Listable[Order], Retrievable[Order]):
    """`client.orders`: read-only."""

    path = "orders"
    record = Order
