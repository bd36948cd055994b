"""Products: `/products`, what a school sells (a course or a bundle, with its prices)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from apps.thinkific.pagination import Page
from apps.thinkific.records import Record
from apps.thinkific.resources.base import Id, Listable, Retrievable, join

STATUSES = ("published", "draft")
PAYMENT_TYPES = ("free", "one-time", "subscription", "payment-plan")


@dataclass(frozen=True, kw_only=True)
class ProductPrice(Record):
    id: int | None = None
    is_primary: bool = False
    payment_type: str | None = None
    label: str | None = None
    price: Decimal | None = None
    currency: str | None = None
    price_name: str | None = None
    days_until_expiry: int | None = None
    pay_button_text: str | None = None
    number_of_payments: int | None = None
    interval: str | None = None
    interval_count: int | None = None
    trial_interval: str | None = None
    trial_interval_count: int | None = None
    custom_first_price: Decimal | None = None


@dataclass(frozen=True, kw_only=True)
class Product(Record):
    id: int
    name: str = ""
    slug: str | None = None
    status: str | None = None
    productable_id: int | None = None
    productable_type: str | None = None  # "Course" or "Bundle"
    price: Decimal | None = None
    position: int | None = None
    private: bool = False
    hidden: bool = False
    subscription: bool = False
    days_until_expiry: int | None = None
    has_certificate: bool = False
    keywords: str | None = None
    seo_title: str | None = None
    seo_description: str | None = None
    description: str | None = None
    card_image_url: str | None = None
    instructor_names: str | None = None
    collection_ids: tuple[int, ...] = ()
    related_product_ids: tuple[int, ...] = ()
    product_prices: tuple[ProductPrice, ...] = ()
    created_at: datetime | None = None


class Products(Listable[Product], Retrievable[Product]):
    """`client.products`: read-only."""

    path = "products"
    record = Product

    def related(self, product_id: Id, *, page: int = 1, limit: int = 25) -> Page[Product]:
        """One page of the products shown as related to this one."""
        return self._page(join(self.path, product_id, "related"), page=page, limit=limit)
