from django.db import models

from apps.connections.models import Connection


class Event(models.Model):
    """One event Thinkific pushed to us: the only school data the portal keeps."""

    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="events")
    event_id = models.CharField(max_length=64, help_text="Thinkific's id of the event.")
    topic = models.CharField(max_length=64)
    resource = models.CharField(max_length=40, blank=True)
    action = models.CharField(max_length=40, blank=True)
    occurred_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    payload = models.JSONField(default=dict)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "event_id"], name="unique_event_per_school"
            ),
        ]
        indexes = [
            models.Index(fields=["connection", "-id"]),
            models.Index(fields=["connection", "topic", "-id"]),
        ]

    def __str__(self) -> str:
        return f"{self.topic} {self.event_id}"


class Delivery(models.Model):
    """The raw request of an accepted delivery, kept as it arrived (redeliveries too)."""

    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    received_at = models.DateTimeField(auto_now_add=True)
    remote_addr = models.GenericIPAddressField(null=True, blank=True)
    headers = models.JSONField(default=dict)
    body = models.TextField()
    duplicate = models.BooleanField(default=False)

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "deliveries"

    def __str__(self) -> str:
        return f"Delivery {self.pk} of {self.event_id}"
