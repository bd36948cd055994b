"""Forms whose field names are Thinkific's coupon fields."""

from django import forms

from apps.core.forms import RecordForm
from apps.core.resources import register_forms
from apps.thinkific.resources.coupons import MAX_QUANTITY


class CouponForm(RecordForm):
    sent = ("code", "note", "quantity")
    required_on_update = ("code",)

    code = forms.CharField(
        label="Code",
        max_length=255,
        help_text="What buyers type at checkout, like SPRING25.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    note = forms.CharField(
        label="Note", required=False, max_length=255, help_text="For staff; buyers never see it."
    )
    quantity = forms.IntegerField(
        label="Uses",
        required=False,
        min_value=1,
        max_value=MAX_QUANTITY,
        help_text=f"How many times the code may be used, up to {MAX_QUANTITY:,}. Blank: unlimited.",
    )

    def clean_quantity(self):
        quantity = self.cleaned_data["quantity"]
        used = self.record.quantity_used if self.record is not None else 0
        if quantity is not None and quantity < used:
            raise forms.ValidationError(
                f"The code has been used {used} times already: allow at least {used} uses."
            )
        return quantity

    def display_name(self) -> str:
        return self.cleaned_data["code"]


register_forms("coupons", CouponForm)
