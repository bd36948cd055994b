"""How the product pages write prices: `{% load product_display %}`."""

from django import template

from apps.thinkific.resources.products import Product, ProductPrice
from apps.webhooks.describe import money

register = template.Library()

PAYMENT_TYPES = {
    "free": "No payment",
    "one-time": "One-time payment",
    "subscription": "Subscription",
    "payment-plan": "Payment plan",
}


@register.filter
def dollars(amount, currency: str = "") -> str:
    """29 -> "$29.00", in the currency Thinkific names ("CA$29.00", "29.00 SEK")."""
    # The feed's wording of money, so that an order reads the same on every page.
    return money({"amount_dollars": amount, "currency": currency}) or "—"


@register.filter
def primary_price(product: Product) -> ProductPrice | None:
    """The price the product is sold at by default (Thinkific's primary one)."""
    prices = product.product_prices
    return next((p for p in prices if p.is_primary), prices[0] if prices else None)


@register.filter
def price(product: Product) -> str:
    """The product's price in a word or an amount: "Free", "$29.00"."""
    primary = primary_price(product)
    if primary is None:
        return dollars(product.price) if product.price is not None else "—"
    if primary.payment_type == "free":
        return "Free"
    return dollars(primary.price, primary.currency or "")


@register.filter
def terms(option: ProductPrice) -> str:
    """How a price is paid and what it gives: "Subscription: every 2 months, 7 days free trial"."""
    kind = PAYMENT_TYPES.get(option.payment_type or "", option.payment_type or "")
    parts = []
    if option.interval:
        count = option.interval_count or 1
        parts.append(
            f"every {count} {option.interval}s" if count > 1 else f"every {option.interval}"
        )
    if option.number_of_payments:
        parts.append(f"{option.number_of_payments} payments")
    if option.trial_interval and option.trial_interval_count:
        trial = option.trial_interval_count
        parts.append(f"{trial} {option.trial_interval}{'s' if trial > 1 else ''} free trial")
    if option.custom_first_price is not None:
        parts.append(f"first payment {dollars(option.custom_first_price, option.currency or '')}")
    if option.days_until_expiry:
        parts.append(f"access for {option.days_until_expiry} days")
    details = ", ".join(parts)
    return f"{kind}: {details}" if kind and details else kind or details
