"""The orders list's filters, answered by the school's index (Thinkific offers none)."""

from collections.abc import Iterable

from django import forms

from apps.core.paging import ListingForm
from apps.index.forms import Searchable

DATE = forms.DateInput(attrs={"type": "date"})


def _amount(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, min_value=0, max_digits=12, decimal_places=2
    )


class OrderFilterForm(Searchable, ListingForm):
    """Buyer (any part of name or email), product, status, dates, amounts and coupon."""

    product_id = forms.IntegerField(label="Product", required=False, min_value=1)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        help_text="Those seen in this school's orders: Thinkific lists none.",
    )
    created_from = forms.DateField(label="Ordered from", required=False, widget=DATE)
    created_until = forms.DateField(label="Ordered until", required=False, widget=DATE)
    amount_min = _amount("Amount at least ($)")
    amount_max = _amount("Amount at most ($)")
    coupon = forms.CharField(
        label="Coupon code",
        required=False,
        max_length=255,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Any part of it"}),
    )

    field_order = [
        "q",
        "product_id",
        "status",
        "created_from",
        "created_until",
        "amount_min",
        "amount_max",
        "coupon",
        "limit",
    ]

    def __init__(self, data=None, *, products: Iterable = (), statuses: Iterable[str] = ()):
        super().__init__(data)
        self.fields["q"].label = "Buyer"
        self.fields["q"].widget.attrs["placeholder"] = "Part of a name or email"
        products = [(p.thinkific_id, p.name or f"Product #{p.thinkific_id}") for p in products]
        self.fields["product_id"].widget = forms.Select(choices=[("", "Any"), *products])
        self.fields["status"].choices = [("", "Any"), *((s, s.capitalize()) for s in statuses)]

    def clean_status(self):
        # Only the statuses the school's orders have are offered; any other finds nothing.
        return self.data.get("status", "").strip().lower()[:40]

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("created_from"), cleaned.get("created_until")
        if first and last and last < first:
            self.add_error("created_until", "The end date comes before the start date.")
        low, high = cleaned.get("amount_min"), cleaned.get("amount_max")
        if low is not None and high is not None and high < low:
            self.add_error("amount_max", "The highest amount is below the lowest.")
        return cleaned
