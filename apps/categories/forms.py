"""Forms whose field names are Thinkific's collection fields."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms

from apps.core.forms import RecordForm, SlugField
from apps.core.resources import register_forms
from apps.thinkific.resources.products import Product


class CategoryForm(RecordForm):
    sent = ("name", "description", "slug")
    # Thinkific wants all three on a create and on every update.
    required_on_update = sent

    name = forms.CharField(label="Name", max_length=255)
    slug = SlugField(
        source="name",
        example="baking-basics",
        meaning="The category's name in its page's web address",
    )
    description = forms.CharField(
        label="Description", widget=forms.Textarea(attrs={"rows": 4, "cols": 40})
    )


class CategoryProductsForm(forms.Form):
    """The products to put in a category, picked from those not in it yet."""

    product_ids = forms.TypedMultipleChoiceField(
        label="Products",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="The school's products that are not in this category yet: tick those to add.",
        error_messages={"required": "Tick at least one product to add."},
    )

    def __init__(self, data=None, *, products: Sequence[Product], **kwargs):
        super().__init__(data, **kwargs)
        self.fields["product_ids"].choices = [(p.id, p.name or f"#{p.id}") for p in products]
        self.products = {product.id: product for product in products}


register_forms("categories", CategoryForm, CategoryProductsForm)
