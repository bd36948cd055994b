"""Reading orders from Thinkific (read-only: the portal never writes an order)."""

from __future__ import annotations

from dataclasses import dataclass

from apps.index import selectors as index
from apps.index.models import IndexedOrder
from apps.thinkific import ThinkificClient, errors
from apps.thinkific.pagination import Page
from apps.thinkific.resources.coupons import Coupon
from apps.thinkific.resources.orders import Order
from apps.thinkific.resources.products import Product

DEFAULT_CURRENCY = "USD"


def order_list(*, client: ThinkificClient, page: int = 1, limit: int = 25) -> Page[Order]:
    """One page of the school's orders, newest as Thinkific sorts them (one request)."""
    return client.orders.list(page=page, limit=limit)


def order_list_indexed(
    *, connection_id: int, page: int = 1, limit: int = 25, **filters
) -> Page[IndexedOrder]:
    """One page of the school's orders from its index, filtered and sorted."""
    return index.page_of(
        index.orders(connection_id=connection_id, **filters), page=page, limit=limit
    )


def order_get(*, client: ThinkificClient, order_id: int) -> Order:
    return client.orders.get(order_id)


@dataclass(frozen=True)
class OrderContext:
    """What an order's page shows beside it: the coupon (which names its promotion) and
    the school's currency, which Thinkific gives on the product's prices, not the order."""

    coupon: Coupon | None
    currency: str


def order_context(*, client: ThinkificClient, order: Order) -> OrderContext:
    """At most two requests: the order's coupon and its product, each only if it has one."""
    coupon = _or_none(client.coupons.get, order.coupon_id)
    product = _or_none(client.products.get, order.product_id)
    return OrderContext(coupon=coupon, currency=_currency(product))


def _currency(product: Product | None) -> str:
    prices = product.product_prices if product else ()
    primary = next((p for p in prices if p.is_primary), prices[0] if prices else None)
    return (primary.currency if primary else None) or DEFAULT_CURRENCY


def _or_none(get, record_id: int | None):
    # A coupon or product deleted since the order still leaves the order readable.
    if not record_id:
        return None
    try:
        return get(record_id)
    except errors.NotFoundError:
        return None
