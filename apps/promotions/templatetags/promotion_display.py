"""How promotion fields read on the portal's pages."""

from decimal import Decimal

from django import template

from apps.core.display import money, percent
from apps.promotions.forms import DISCOUNT_CHOICES

register = template.Library()


@register.filter
def discount(promotion, currency: str = "USD") -> str:
    """ "$29.00" off, or "25%" off; "—" when Thinkific sent no amount."""
    amount: Decimal | None = promotion.amount
    if amount is None:
        return "—"
    if promotion.discount_type == "percentage":
        return percent(amount, as_set=True)
    return money(amount * 100, currency)


@register.filter
def discount_kind(promotion) -> str:
    """ "Fixed amount" or "Percentage"."""
    kind = promotion.discount_type or ""
    return dict(DISCOUNT_CHOICES).get(kind, kind or "—")
