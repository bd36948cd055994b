from django import forms

from apps.jobs.coupons import MAX_COUPONS


class CouponBulkForm(forms.Form):
    """Thinkific's bulk create, named as Thinkific names its fields."""

    bulk_quantity = forms.IntegerField(
        label="How many coupons",
        min_value=1,
        max_value=MAX_COUPONS,
        help_text=f"Up to {MAX_COUPONS:,}, each with its own generated code.",
    )
    bulk_coupon_code_length = forms.IntegerField(
        label="Code length", min_value=6, max_value=50, initial=8, help_text="6 to 50 characters."
    )
    bulk_quantity_per_coupon = forms.IntegerField(
        label="Uses per coupon",
        min_value=1,
        required=False,
        help_text="How many times each code may be used. Blank: unlimited.",
    )
