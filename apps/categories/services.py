"""Writing categories (Thinkific's collections) and their products to Thinkific. Errors
come back as `errors.ThinkificError` subclasses."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from apps.core.writes import update_changed
from apps.thinkific import ThinkificClient
from apps.thinkific.resources.collections import Collection


def category_create(
    *, client: ThinkificClient, name: str, description: str, slug: str
) -> Collection:
    """Create a category (Thinkific requires all three fields)."""
    return client.collections.create(name=name, description=description, slug=slug)


def category_update(*, client: ThinkificClient, category_id: int, **fields: Any) -> bool:
    """Change the named fields (with name, description and slug, which Thinkific wants
    every time). False when there was nothing to change (no request is made)."""
    return update_changed(client.collections, category_id, fields)


def category_delete(*, client: ThinkificClient, category_id: int) -> None:
    """Delete the category; its products stay in the school."""
    client.collections.delete(category_id)


def category_products_add(
    *, client: ThinkificClient, category_id: int, product_ids: Iterable[int]
) -> None:
    """Put the products in the category (one request for them all)."""
    client.collections.add_products(category_id, product_ids)


def category_product_remove(*, client: ThinkificClient, category_id: int, product_id: int) -> None:
    """Take one product out of the category; it stays in the school."""
    client.collections.remove_products(category_id, [product_id])
