"""External orders: `/external_orders`, sales made outside Thinkific (write-only).

They are stored by Thinkific but appear in none of its order reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from apps.thinkific.records import Record
from apps.thinkific.resources.base import Creatable, Id, compact, join

ORDER_TYPES = ("one-time", "subscription", "payment-plan")


@dataclass(frozen=True, kw_only=True)
class ExternalOrder(Record):
    id: int


class ExternalOrders(Creatable[ExternalOrder]):
    """`client.external_orders`. `create` takes payment_provider, user_id, product_id and
    order_type (required) and a transaction {amount in cents, currency, reference, action}."""

    path = "external_orders"
    record = ExternalOrder

    def purchase(self, order_id: Id, **transaction: Any) -> None:
        """Record a payment on the order: amount (smallest unit), currency, reference."""
        self._transaction(order_id, "purchase", transaction)

    def refund(self, order_id: Id, **transaction: Any) -> None:
        """Record a refund on the order: amount (smallest unit), currency, reference."""
        self._transaction(order_id, "refund", transaction)

    def _transaction(self, order_id: Id, kind: str, transaction: dict[str, Any]) -> None:
        path = join(self.path, order_id, "transactions", kind)
        self._request("POST", path, json=compact(transaction))
