"""Promotions, coupons (one by one and in bulk) and external orders."""

from __future__ import annotations

import secrets
from collections import Counter

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from apps.sandbox import counting, errors, selectors
from apps.sandbox import models as m
from apps.sandbox.services.common import TAKEN, assign
from apps.sandbox.validation import Fields, parse_int

PROMOTION_COLUMNS = ("name", "description", "starts_at", "expires_at", "discount_type", "amount")
COUPON_COLUMNS = ("code", "note", "quantity", "quantity_used")
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I look-alikes
BULK_MAX = 1000


# -- promotions -----------------------------------------------------------------------------


def promotion_create(*, school: m.School, data: dict) -> m.Promotion:
    """A promotion (name, discount type, amount) with its products and coupons."""
    values = _promotion_values(school, data, instance=None)
    with transaction.atomic():
        promotion = m.Promotion(school=school, duration=values.get("duration"))
        assign(promotion, values, PROMOTION_COLUMNS)
        promotion.save()
        _promotion_links_set(promotion, values)
    return selectors.promotions(school).get(pk=promotion.pk)


def promotion_update(*, instance: m.Promotion, data: dict) -> None:
    """Change a promotion: `name`, `discount_type` and `amount` are required on an update too
    (the spec's one request schema); other absent fields keep their values, and
    `product_ids` replaces the products."""
    values = _promotion_values(instance.school, data, instance=instance)
    with transaction.atomic():
        assign(instance, values, (*PROMOTION_COLUMNS, "duration"))
        instance.save()
        _promotion_links_set(instance, values)


def promotion_delete(*, instance: m.Promotion) -> None:
    """Delete the promotion and its coupons."""
    instance.delete()


def _promotion_values(school: m.School, data: dict, *, instance: m.Promotion | None) -> dict:
    fields = Fields(data)
    fields.text("name", required=True)
    fields.text("description", max_length=10_000)
    fields.choice("discount_type", ("fixed", "percentage"), required=True)
    fields.number("amount", required=True, greater_than=0)
    fields.moment("starts_at")
    fields.moment("expires_at")
    fields.number("duration", integer=True, at_least=1)
    fields.ids("product_ids")
    fields.ids("coupon_ids")
    values = fields.cleaned
    amount = values.get("amount")
    if values.get("discount_type") == "percentage" and amount is not None and amount > 100:
        fields.add("amount", "must be less than or equal to 100")
    starts = values.get("starts_at", instance and instance.starts_at)
    expires = values.get("expires_at", instance and instance.expires_at)
    if starts and expires and expires <= starts:
        fields.add("expires_at", "must be after starts_at")
    for name, model in (("product_ids", m.Product), ("coupon_ids", m.Coupon)):
        wanted = values.get(name) or []
        if model.objects.filter(school=school, pk__in=wanted).count() < len(wanted):
            fields.add(name, "is invalid")
    clashing = _codes_clashing(school, values.get("coupon_ids") or [], instance)
    if clashing and "coupon_ids" not in fields.errors:
        fields.add("coupon_ids", f"holds codes the promotion would have twice: {clashing}")
    fields.raise_if_invalid()
    return values


def _codes_clashing(school: m.School, coupon_ids: list[int], promotion: m.Promotion | None) -> str:
    """The codes `promotion` would hold twice once the coupons of `coupon_ids` moved into it
    (codes are unique within a promotion)."""
    moved = m.Coupon.objects.filter(school=school, pk__in=coupon_ids).exclude(promotion=promotion)
    codes = Counter(moved.values_list("code", flat=True))
    if promotion is not None:
        codes.update(promotion.coupons.values_list("code", flat=True))
    return ", ".join(sorted(code for code, count in codes.items() if count > 1))


def _promotion_links_set(promotion: m.Promotion, values: dict) -> None:
    if "product_ids" in values:
        promotion.products.set(values["product_ids"])
    if values.get("coupon_ids"):
        m.Coupon.objects.filter(school=promotion.school, pk__in=values["coupon_ids"]).update(
            promotion=promotion
        )
        counting.touch(m.Coupon)


def promotion_by_coupon(*, school: m.School, product_id: str, coupon_code: str) -> m.Promotion:
    """The promotion this coupon code unlocks for this product now, or 404."""
    if not product_id:
        raise errors.BadRequestError("Parameter product_id is required.")
    if not coupon_code:
        raise errors.BadRequestError("Parameter coupon_code is required.")
    now = timezone.now()
    coupon = (
        m.Coupon.objects.filter(school=school, code=coupon_code)
        .filter(Q(quantity__isnull=True) | Q(quantity_used__lt=F("quantity")))
        .filter(
            Q(promotion__products__isnull=True) | Q(promotion__products=parse_int(product_id)),
            Q(promotion__starts_at__isnull=True) | Q(promotion__starts_at__lte=now),
            Q(promotion__expires_at__isnull=True) | Q(promotion__expires_at__gt=now),
        )
        .order_by("pk")
        .first()
    )
    if coupon is None:
        raise errors.NotFoundError()
    return selectors.promotions(school).get(pk=coupon.promotion_id)


def discounted_cents(cents: int, promotion: m.Promotion) -> int:
    """A price in cents after the promotion's discount (never below zero)."""
    if promotion.discount_type == "percentage":
        off = cents * promotion.amount / 100
    else:
        off = promotion.amount * 100
    return max(0, int(cents - off))


# -- coupons --------------------------------------------------------------------------------


def coupon_create(*, school: m.School, data: dict, promotion: m.Promotion) -> m.Coupon:
    """One coupon of the promotion; codes are unique within it."""
    values = _coupon_values(data, promotion=promotion, instance=None)
    coupon = m.Coupon(school=school, promotion=promotion)
    assign(coupon, values, COUPON_COLUMNS)
    coupon.save()
    return coupon


def coupon_update(*, instance: m.Coupon, data: dict) -> None:
    """Change a coupon; `code` is required, as the spec says."""
    assign(
        instance,
        _coupon_values(data, promotion=instance.promotion, instance=instance),
        COUPON_COLUMNS,
    )
    instance.save()


def coupon_delete(*, instance: m.Coupon) -> None:
    """Delete the coupon (orders keep its code)."""
    instance.delete()


def _coupon_values(data: dict, *, promotion: m.Promotion, instance: m.Coupon | None) -> dict:
    # The spec marks `code` required on update too; its message is capitalised.
    fields = Fields(data)
    fields.text("code", required=True, blank_message="Can't be blank")
    fields.text("note")
    fields.number("quantity", integer=True, at_least=1)
    if instance is not None:
        fields.number("quantity_used", integer=True, at_least=0)
    code = fields.cleaned.get("code")
    taken = m.Coupon.objects.filter(promotion=promotion, code=code).exclude(
        pk=getattr(instance, "pk", None)
    )
    if code and taken.exists():
        fields.add("code", TAKEN)
    fields.raise_if_invalid()
    return fields.cleaned


def coupons_bulk_create(*, school: m.School, data: dict, promotion: m.Promotion) -> list[m.Coupon]:
    """Up to 1,000 coupons with random codes of the asked length."""
    fields = Fields(data)
    fields.number("bulk_quantity", required=True, integer=True, at_least=1, at_most=BULK_MAX)
    fields.number("bulk_coupon_code_length", integer=True, at_least=6, at_most=50)
    fields.number("bulk_quantity_per_coupon", integer=True, at_least=1)
    fields.raise_if_invalid()
    values = fields.cleaned
    length = values.get("bulk_coupon_code_length") or 8
    existing = set(m.Coupon.objects.filter(promotion=promotion).values_list("code", flat=True))
    codes: set[str] = set()
    while len(codes) < values["bulk_quantity"]:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))
        if code not in existing:
            codes.add(code)
    now = timezone.now()
    counting.touch(m.Coupon)
    return m.Coupon.objects.bulk_create(
        m.Coupon(
            school=school,
            promotion=promotion,
            code=code,
            quantity=values.get("bulk_quantity_per_coupon"),
            created_at=now,
        )
        for code in sorted(codes)
    )


# -- external orders ------------------------------------------------------------------------


def external_order_create(*, school: m.School, data: dict) -> m.ExternalOrder:
    """Stored only: external orders enrol no one and appear in no report (Thinkific's words)."""
    fields = Fields(data)
    fields.text("payment_provider", required=True)
    fields.choice("order_type", ("one-time", "subscription", "payment-plan"), required=True)
    user = _existing(fields, "user_id", selectors.users(school))
    product = _existing(fields, "product_id", m.Product.objects.filter(school=school))
    transaction_data = data.get("transaction")
    payment = _transaction_values(transaction_data) if transaction_data is not None else None
    fields.raise_if_invalid()
    with transaction.atomic():
        order = m.ExternalOrder.objects.create(
            school=school,
            user=user,
            product=product,
            payment_provider=fields.cleaned["payment_provider"],
            order_type=fields.cleaned["order_type"],
        )
        if payment is not None:
            m.ExternalOrderTransaction.objects.create(
                school=school, order=order, kind="purchase", **payment
            )
    return order


def external_order_transaction_create(*, order: m.ExternalOrder, kind: str, data: dict) -> None:
    """Record a purchase or refund transaction of an external order."""
    payment = _transaction_values(data)
    m.ExternalOrderTransaction.objects.create(
        school=order.school, order=order, kind=kind, **payment
    )


def _transaction_values(data) -> dict:
    fields = Fields(data)
    fields.number("amount", required=True, integer=True, at_least=0)
    fields.text("currency", required=True, max_length=3)
    fields.text("reference")
    fields.text("action", max_length=40)
    if not isinstance(data, dict):
        raise errors.ValidationError({"transaction": ["is invalid"]})
    fields.raise_if_invalid()
    values = fields.cleaned
    values["currency"] = values["currency"].upper()
    return values


def _existing(fields: Fields, name: str, queryset):
    fields.id(name, required=True)
    number = fields.cleaned.get(name)
    row = queryset.filter(pk=number).first() if number is not None else None
    if number is not None and row is None:
        fields.add(name, "is invalid")
    return row
