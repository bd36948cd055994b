"""Reading categories (Thinkific's collections), their products, and the products a
category could take, from Thinkific."""

from __future__ import annotations

from apps.products.selectors import product_choices
from apps.thinkific import ThinkificClient
from apps.thinkific.pagination import Page
from apps.thinkific.resources.collections import Collection
from apps.thinkific.resources.products import Product


def category_list(*, client: ThinkificClient, page: int = 1, limit: int = 25) -> Page[Collection]:
    """One page of the school's categories (one request)."""
    return client.collections.list(page=page, limit=limit)


def category_get(*, client: ThinkificClient, category_id: int) -> Collection:
    return client.collections.get(category_id)


def category_products(
    *, client: ThinkificClient, category_id: int, page: int = 1, limit: int = 25
) -> Page[Product]:
    """One page of the products in the category (one request)."""
    return client.collections.products(category_id, page=page, limit=limit)


def product_get(*, client: ThinkificClient, product_id: int) -> Product:
    return client.products.get(product_id)


def products_to_add(
    *, client: ThinkificClient, connection_id: int, category: Collection, search: str = ""
) -> tuple[Product, ...]:
    """The school's products not in the category yet, those whose name has `search`."""
    words = search.strip().casefold()
    return tuple(
        product
        for product in product_choices(client=client, connection_id=connection_id)
        if product.id not in category.product_ids and words in (product.name or "").casefold()
    )
