"""Reading products, with their categories and related products, from Thinkific."""

from __future__ import annotations

from itertools import islice

from django.core.cache import cache

from apps.thinkific import ThinkificClient
from apps.thinkific.pagination import Page
from apps.thinkific.resources.collections import Collection
from apps.thinkific.resources.products import Product

# Pickers (a promotion's products, a category's "add products") need every product on
# each form: kept a few minutes per connection, so a form stays one request.
CHOICES_TTL = 300
# A picker of more products than this would not be usable anyway.
MAX_PRODUCTS = 1000


def product_list(*, client: ThinkificClient, page: int = 1, limit: int = 25) -> Page[Product]:
    """One page of the school's products (one request)."""
    return client.products.list(page=page, limit=limit)


def product_get(*, client: ThinkificClient, product_id: int) -> Product:
    return client.products.get(product_id)


def product_categories(*, client: ThinkificClient, product_id: int) -> tuple[Collection, ...]:
    """The categories the product is in. Thinkific lists a category's products, not a
    product's categories, so every category is read: 250 a request, one for most schools."""
    return tuple(c for c in client.collections.all() if product_id in c.product_ids)


def product_related(
    *, client: ThinkificClient, product_id: int, page: int = 1, limit: int = 25
) -> Page[Product]:
    """One page of the products shown as related to this one (one request)."""
    return client.products.related(product_id, page=page, limit=limit)


def product_choices(*, client: ThinkificClient, connection_id: int) -> tuple[Product, ...]:
    """Every product of the school, for picking some (the first 1000 at most).

    Cached a few minutes per connection, not per subdomain: a sandbox and the real school
    may share a subdomain and must never share answers. A product created meanwhile shows
    up in pickers when the cache expires.
    """
    return cache.get_or_set(
        f"products:choices:{connection_id}",
        lambda: tuple(islice(client.products.all(), MAX_PRODUCTS)),
        CHOICES_TTL,
    )
