"""Reading promotions, and the school's products they apply to, from Thinkific."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import islice

from apps.connections.models import Connection
from apps.core.cached import per_school
from apps.history.selectors import last_sent
from apps.thinkific import ThinkificClient
from apps.thinkific.pagination import Page
from apps.thinkific.resources.products import Product
from apps.thinkific.resources.promotions import Promotion

# A list of more products than this to tick from would not be usable anyway.
MAX_PRODUCTS = 1000
DEFAULT_CURRENCY = "USD"


def promotion_list(*, client: ThinkificClient, page: int = 1, limit: int = 25) -> Page[Promotion]:
    """One page of the school's promotions (one request)."""
    return client.promotions.list(page=page, limit=limit)


def promotion_get(*, client: ThinkificClient, promotion_id: int) -> Promotion:
    return client.promotions.get(promotion_id)


def promotion_by_coupon(*, client: ThinkificClient, product_id: int, coupon_code: str) -> Promotion:
    """The promotion the code unlocks for the product; `errors.NotFoundError` when none."""
    return client.promotions.by_coupon(product_id=product_id, coupon_code=coupon_code.strip())


def product_choices(*, client: ThinkificClient, connection_id: int) -> tuple[Product, ...]:
    """The school's products, to pick from and to name (cached a few minutes)."""
    return per_school(
        "promotions:products",
        connection_id,
        lambda: tuple(islice(client.products.all(), MAX_PRODUCTS)),
    )


def school_currency(products: tuple[Product, ...]) -> str:
    """The currency the school sells in: Thinkific's API has no setting for it, so that of
    its products' prices (US dollars for a school without any)."""
    for product in products:
        for price in product.product_prices:
            if price.currency:
                return price.currency.upper()
    return DEFAULT_CURRENCY


def reported_product_ids(promotion: Promotion) -> tuple[int, ...] | None:
    """The products the promotion applies to (empty: every product), or None when the
    answer does not say: Thinkific's documented promotion carries no `product_ids`."""
    ids = promotion.raw.get("product_ids")
    if not isinstance(ids, list):
        return None
    return tuple(int(i) for i in ids if isinstance(i, int) or str(i).isdigit())


@dataclass(frozen=True)
class AppliesTo:
    """The products a promotion applies to, as far as the portal knows."""

    product_ids: tuple[int, ...] | None  # empty: every product; None: not known
    set_at: datetime | None = None  # when they are known only as the portal last set them


def promotion_applies_to(*, promotion: Promotion, connection: Connection) -> AppliesTo:
    """The products as Thinkific reports them, else as the portal last sent them (its
    history; a promotion created without any applies to every product), else not known."""
    reported = reported_product_ids(promotion)
    if reported is not None:
        return AppliesTo(reported)
    fields = ("product_ids",)
    sent = last_sent(
        connection=connection, resource="promotions", record_id=promotion.id, fields=fields
    ).get("product_ids")
    if sent is None:
        return AppliesTo(None)
    ids = sent.value if sent.value is not None else []
    if not isinstance(ids, list) or not all(_is_id(i) for i in ids):
        return AppliesTo(None)  # the history kept only the start of a very long list
    return AppliesTo(tuple(ids), set_at=sent.at)


def _is_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def named_products(ids: tuple[int, ...], products: tuple[Product, ...]) -> tuple[Product, ...]:
    """The products of `ids` as records (an unknown id as a bare one)."""
    by_id = {product.id: product for product in products}
    return tuple(by_id.get(i) or Product(id=i) for i in ids)
