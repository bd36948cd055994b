"""Categories (collections) and which products they hold."""

from __future__ import annotations

from apps.sandbox import errors, selectors
from apps.sandbox import models as m
from apps.sandbox.services.common import assign
from apps.sandbox.validation import Fields

COLLECTION_COLUMNS = ("name", "description", "slug")


def collection_create(*, school: m.School, data: dict) -> m.Collection:
    """A category from `name`, `description` and `slug` (all required)."""
    collection = m.Collection(school=school)
    assign(collection, _collection_values(data), COLLECTION_COLUMNS)
    collection.save()
    return selectors.collections(school).get(pk=collection.pk)


def collection_update(*, instance: m.Collection, data: dict) -> None:
    """Change a category: the spec requires `name`, `description` and `slug` on an update too."""
    assign(instance, _collection_values(data), COLLECTION_COLUMNS)
    instance.save()


def collection_delete(*, instance: m.Collection) -> None:
    """Delete the category (its products stay)."""
    instance.delete()


def _collection_values(data: dict) -> dict:
    fields = Fields(data)
    too_long = "value too long for type character varying(255)"  # Thinkific leaks Postgres' text
    for name in COLLECTION_COLUMNS:
        max_length = 10_000 if name == "description" else 255
        fields.text(name, required=True, max_length=max_length)
        if fields.errors.get(name, [""])[0].startswith("is too long"):
            fields.errors[name] = [too_long]
    fields.raise_if_invalid()
    return fields.cleaned


def collection_products_add(*, collection: m.Collection, data: dict) -> None:
    """Put the products of `product_ids` in the category."""
    collection.products.add(*_products(collection.school, data))


def collection_products_remove(*, collection: m.Collection, data: dict) -> None:
    """Take the products of `product_ids` out of the category."""
    collection.products.remove(*_products(collection.school, data))


def _products(school: m.School, data: dict) -> list[m.Product]:
    fields = Fields(data)
    fields.ids("product_ids", required=True)
    fields.raise_if_invalid()
    wanted = fields.cleaned["product_ids"]
    found = list(m.Product.objects.filter(school=school, pk__in=wanted))
    if len(found) < len(wanted):
        raise errors.ValidationError({"product_ids": ["is invalid"]})
    return found
