"""Webhooks registered through the Webhooks API, the events they receive, and each delivery."""

from django.db import models
from django.utils import timezone

from apps.sandbox.models.base import school_field, school_index


class Webhook(models.Model):
    class Signing(models.TextChoices):
        API_KEY = "api_key", "the school's API key"
        OAUTH = "oauth", "the OAuth app's client secret"

    id = models.CharField(primary_key=True, max_length=23)  # 23 timestamp digits, like Thinkific
    school = school_field()
    topic = models.CharField(max_length=64)
    target_url = models.URLField(max_length=1000)
    status = models.CharField(max_length=20, default="active")
    signing = models.CharField(
        max_length=10,
        choices=Signing,
        default=Signing.API_KEY,
        help_text="Registered with an OAuth token: signed with the client secret.",
    )
    created_by = models.CharField(max_length=20)
    updated_by = models.CharField(max_length=20)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [school_index("webhook"), school_index("webhook", "topic")]

    def __str__(self) -> str:
        return f"{self.topic} → {self.target_url}"


class Event(models.Model):
    """Something that happened in a school; kept so GET /api/v2/events/<id> can return it."""

    id = models.CharField(primary_key=True, max_length=23)
    school = school_field()
    resource = models.CharField(max_length=40)
    action = models.CharField(max_length=40)
    payload = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [school_index("event")]

    def __str__(self) -> str:
        return f"{self.topic} {self.id}"

    @property
    def topic(self) -> str:
        return f"{self.resource}.{self.action}"


class Delivery(models.Model):
    """One event sent to one webhook, through as many attempts as it takes."""

    class Status(models.TextChoices):
        PENDING = "pending"
        RETRYING = "retrying"
        SUCCEEDED = "succeeded"
        FAILED = "failed", "failed (gave up)"

    school = school_field()
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    webhook = models.ForeignKey(
        Webhook, null=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    target_url = models.URLField(max_length=1000)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "deliveries"
        indexes = [
            school_index("delivery"),
            models.Index(fields=["status", "next_attempt_at"], name="sbx_delivery_due"),
        ]

    def __str__(self) -> str:
        return f"delivery #{self.pk} of {self.event_id}"


class DeliveryAttempt(models.Model):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveSmallIntegerField()
    attempted_at = models.DateTimeField(default=timezone.now)
    duration_ms = models.PositiveIntegerField(default=0)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    succeeded = models.BooleanField(default=False)
    error = models.CharField(max_length=500, blank=True)
    response_body = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["delivery", "number"]

    def __str__(self) -> str:
        return f"attempt {self.number} of delivery #{self.delivery_id}"
