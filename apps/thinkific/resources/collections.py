"""Collections: `/collections`, which the admin calls categories, and their products."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from apps.thinkific.pagination import Page
from apps.thinkific.records import Record
from apps.thinkific.resources.base import Crud, Id, join
from apps.thinkific.resources.products import Product


@dataclass(frozen=True, kw_only=True)
class Collection(Record):
    id: int
    name: str = ""
    description: str | None = None
    slug: str | None = None
    default: bool = False  # the school's own "All courses" category
    product_ids: tuple[int, ...] = ()
    created_at: datetime | None = None


class Collections(Crud[Collection]):
    """`client.collections`. Create and update take name, description and slug (all three
    required by Thinkific, on update too)."""

    path = "collections"
    record = Collection

    def products(self, collection_id: Id, *, page: int = 1, limit: int = 25) -> Page[Product]:
        """One page of the products in the category."""
        return self._page(
            join(self.path, collection_id, "products"), page=page, limit=limit, record=Product
        )

    def add_products(self, collection_id: Id, product_ids: Iterable[int]) -> None:
        """Put products in the category."""
        self._memberships("POST", collection_id, product_ids)

    def remove_products(self, collection_id: Id, product_ids: Iterable[int]) -> None:
        """Take products out of the category."""
        self._memberships("DELETE", collection_id, product_ids)

    def _memberships(self, method: str, collection_id: Id, product_ids: Iterable[int]) -> None:
        path = join("collection_memberships", collection_id)
        self._request(method, path, json={"product_ids": list(product_ids)})
