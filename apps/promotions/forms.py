"""Forms whose field names are Thinkific's promotion fields."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.functional import cached_property

from apps.core.display import when
from apps.core.forms import MomentField, RecordForm
from apps.core.resources import register_forms
from apps.promotions.selectors import AppliesTo, reported_product_ids

DISCOUNT_CHOICES = [("fixed", "Fixed amount"), ("percentage", "Percentage")]
# Which products a promotion applies to: `applies_to` says it in so many words, so that
# "every product" is a choice of its own and not the absence of ticks, which on a promotion
# whose products Thinkific does not report means "leave them as they are".
EVERY, TICKED, UNCHANGED = "every", "ticked", "unchanged"
SCOPES = [
    (EVERY, "Every product"),
    (TICKED, "Only the products ticked below"),
    (UNCHANGED, "The products it applies to now"),
]
SCOPE_LABELS = dict(SCOPES)


def _moment_field(label: str) -> MomentField:
    # Typed and shown in the staff member's time zone; the client sends it as UTC.
    return MomentField(label=label, required=False)


def product_label(product) -> str:
    return product.name or f"Product #{product.id}"


class PromotionForm(RecordForm):
    sent = (
        "name",
        "discount_type",
        "amount",
        "description",
        "starts_at",
        "expires_at",
        "product_ids",
        "duration",
    )
    required_on_update = ("name", "discount_type", "amount")

    name = forms.CharField(label="Name", max_length=255)
    discount_type = forms.ChoiceField(
        label="Discount type", choices=DISCOUNT_CHOICES, widget=forms.RadioSelect
    )
    amount = forms.DecimalField(label="Amount", max_digits=12, decimal_places=2)
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    starts_at = _moment_field("Starts at")
    expires_at = _moment_field("Expires at")
    applies_to = forms.ChoiceField(
        label="Applies to", choices=SCOPES[:2], initial=EVERY, widget=forms.RadioSelect
    )
    product_ids = forms.TypedMultipleChoiceField(
        label="Products",
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=f"Ticking one chooses “{SCOPE_LABELS[TICKED]}”.",
    )
    duration = forms.IntegerField(
        label="Duration",
        required=False,
        min_value=1,
        help_text="For subscription and payment-plan products only: how many billing periods "
        "get the discount (blank: every one). Other products ignore it.",
    )

    def __init__(
        self,
        data=None,
        *,
        products=(),
        currency: str = "USD",
        record=None,
        applies: AppliesTo | None = None,
        **kwargs,
    ):
        """`applies`: the products of the promotion `record` as the portal knows them
        (`selectors.promotion_applies_to`); without it, as Thinkific's answer says."""
        if record is not None:
            applies = applies or AppliesTo(reported_product_ids(record))
            ids = applies.product_ids
            scope = UNCHANGED if ids is None else (TICKED if ids else EVERY)
            kwargs.setdefault(
                "initial",
                self.initial_for(record) | {"product_ids": list(ids or ()), "applies_to": scope},
            )
        super().__init__(data, record=record, **kwargs)
        self.currency = currency
        self.fields["product_ids"].choices = [(p.id, product_label(p)) for p in products]
        if applies is not None and applies.product_ids is None:
            self.fields["applies_to"].choices = SCOPES
            self.fields["applies_to"].help_text = (
                "Thinkific does not report which products this promotion applies to, so "
                "none are ticked here: keep them as they are, or set them anew."
            )
        elif applies is not None and applies.set_at is not None:
            self.fields["applies_to"].help_text = (
                "Thinkific does not report which products a promotion applies to: these are "
                f"as set from this portal on {when(applies.set_at)}. Left as they are, they "
                "are not sent, so a change made in Thinkific since then stays."
            )
        self.fields[
            "amount"
        ].help_text = (
            f"A fixed amount in {currency}, like 29.00, or a percentage from 0 to 100, like 25."
        )
        zone = timezone.get_current_timezone_name()
        self.fields["starts_at"].help_text = f"In your time zone, {zone}. Blank: from now on."
        self.fields["expires_at"].help_text = f"In your time zone, {zone}. Blank: never expires."

    @cached_property
    def changed_data(self):
        """A change of `applies_to` is a change of the products it sends."""
        changed = super().changed_data
        if "applies_to" in changed and "product_ids" not in changed:
            changed.append("product_ids")
        return changed

    def clean(self):
        cleaned = super().clean()
        kind, amount = cleaned.get("discount_type"), cleaned.get("amount")
        if amount is not None and kind == "percentage" and not 0 < amount <= 100:
            self.add_error("amount", "A percentage is more than 0 and at most 100, like 25.")
        elif amount is not None and kind == "fixed" and amount <= 0:
            self.add_error(
                "amount", f"A fixed amount is money off, more than 0 {self.currency}, like 29.00."
            )
        self._clean_products(cleaned)
        starts, expires = cleaned.get("starts_at"), cleaned.get("expires_at")
        if starts and expires and expires <= starts:
            self.add_error("expires_at", "The promotion must expire after it starts.")
        return cleaned

    def _clean_products(self, cleaned) -> None:
        """`product_ids` as sent: none for every product, left out to keep them."""
        scope, ticked = cleaned.get("applies_to"), cleaned.get("product_ids") or []
        if scope == TICKED and not ticked:
            self.add_error("product_ids", f"Tick a product, or choose “{SCOPE_LABELS[EVERY]}”.")
        elif scope in (EVERY, UNCHANGED) and ticked:
            self.add_error(
                "applies_to",
                f"Products are ticked: choose “{SCOPE_LABELS[TICKED]}”, or untick them.",
            )
        elif scope == EVERY:
            cleaned["product_ids"] = []
        elif scope == UNCHANGED:
            cleaned.pop("product_ids", None)


class CouponLookupForm(forms.Form):
    """Which promotion a coupon code unlocks for a product."""

    product_id = forms.TypedChoiceField(label="Product", coerce=int)
    coupon_code = forms.CharField(label="Coupon code", max_length=255)

    def __init__(self, data=None, *, products=(), **kwargs):
        super().__init__(data, **kwargs)
        self.fields["product_id"].choices = [("", "Choose a product")] + [
            (p.id, product_label(p)) for p in products
        ]

    def chosen_product(self) -> str:
        """The name of the product looked up."""
        return dict(self.fields["product_id"].choices).get(self.cleaned_data.get("product_id"), "")


register_forms("promotions", PromotionForm)
