"""Writing promotions to Thinkific. Errors come back as `errors.ThinkificError` subclasses."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from apps.core.writes import update_changed
from apps.thinkific import ThinkificClient
from apps.thinkific.resources.promotions import Promotion


def promotion_create(
    *, client: ThinkificClient, name: str, discount_type: str, amount: Decimal, **fields: Any
) -> Promotion:
    """Create a promotion; `fields` are Thinkific's: description, starts_at, expires_at,
    product_ids (none: every product) and duration."""
    return client.promotions.create(name=name, discount_type=discount_type, amount=amount, **fields)


def promotion_update(*, client: ThinkificClient, promotion_id: int, **fields: Any) -> bool:
    """Change the named fields (with name, discount_type and amount, which Thinkific wants
    every time). False when there was nothing to change (no request is made)."""
    return update_changed(client.promotions, promotion_id, fields)


def promotion_delete(*, client: ThinkificClient, promotion_id: int) -> None:
    client.promotions.delete(promotion_id)
