"""Money: promotions and their coupons, orders, and orders paid outside Thinkific."""

from django.db import models
from django.utils import timezone

from apps.sandbox.models.base import optional_char, optional_text, school_field, school_index
from apps.sandbox.models.catalog import Product
from apps.sandbox.models.people import User


class Promotion(models.Model):
    school = school_field()
    name = models.CharField(max_length=255)
    description = optional_text()
    starts_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    discount_type = models.CharField(max_length=10)  # fixed | percentage
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    duration = models.PositiveIntegerField(null=True, blank=True)
    # No product means the promotion applies to every product.
    products = models.ManyToManyField(Product, related_name="promotions", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [school_index("promotion")]

    def __str__(self) -> str:
        return self.name


class Coupon(models.Model):
    school = school_field()
    promotion = models.ForeignKey(Promotion, on_delete=models.CASCADE, related_name="coupons")
    code = models.CharField(max_length=255)
    note = optional_char()
    quantity = models.PositiveIntegerField(null=True, blank=True)  # None: unlimited
    quantity_used = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [school_index("coupon"), school_index("coupon", "code")]
        constraints = [
            models.UniqueConstraint(fields=["promotion", "code"], name="sbx_coupon_unique_code")
        ]

    def __str__(self) -> str:
        return self.code


class Order(models.Model):
    school = school_field()
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="orders")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="orders")
    amount_cents = models.PositiveIntegerField()
    payment_type = models.CharField(max_length=20, default="one-time")
    subscription = models.BooleanField(default=False)
    coupon = models.ForeignKey(Coupon, null=True, blank=True, on_delete=models.SET_NULL)
    coupon_code = optional_char()
    affiliate_referral_code = optional_char(64)
    status = models.CharField(max_length=20, default="complete")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [school_index("order")]

    def __str__(self) -> str:
        return f"order #{self.pk}"


class ExternalOrder(models.Model):
    """An order paid outside Thinkific; stored only (no enrollment, no report, no webhook)."""

    school = school_field()
    user = models.ForeignKey(User, on_delete=models.CASCADE)
    product = models.ForeignKey(Product, on_delete=models.CASCADE)
    payment_provider = models.CharField(max_length=255)
    order_type = models.CharField(max_length=20)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [school_index("extorder")]

    def __str__(self) -> str:
        return f"external order #{self.pk}"


class ExternalOrderTransaction(models.Model):
    school = school_field()
    order = models.ForeignKey(ExternalOrder, on_delete=models.CASCADE, related_name="transactions")
    kind = models.CharField(max_length=10)  # purchase | refund
    amount = models.PositiveIntegerField()  # smallest currency unit
    currency = models.CharField(max_length=3)
    reference = optional_char()
    action = optional_char(40)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.kind} {self.amount} {self.currency}"
