"""The history of changes: one entry per write the portal made for a school."""

from django.conf import settings
from django.db import models

from apps.connections.models import Connection


class ReadOnlyError(Exception):
    """History entries are written once and never changed."""


class Entry(models.Model):
    """One change staff made through the portal: who, when, what record, which fields
    from what to what, and how Thinkific answered. Never changed once written."""

    class Source(models.TextChoices):
        PAGE = "page", "Page"
        CONSOLE = "console", "API console"
        JOB = "job", "Bulk job"
        WATCH = "watch", "Watches"
        EVENT = "event", "Events"

    class Action(models.TextChoices):
        CREATE = "create", "Created"
        UPDATE = "update", "Changed"
        DELETE = "delete", "Deleted"
        BULK = "bulk", "Bulk job"
        REPLAY = "replay", "Replayed"
        RETRY = "retry", "Retried"

    class Outcome(models.TextChoices):
        DONE = "done", "Done"
        REFUSED = "refused", "Refused"
        UNKNOWN = "unknown", "No answer"

    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.CharField(max_length=150, blank=True, help_text="The username, kept.")
    source = models.CharField(max_length=8, choices=Source, default=Source.PAGE)
    resource = models.CharField(max_length=40, blank=True)
    record_id = models.CharField(max_length=64, blank=True)
    parent_id = models.CharField(max_length=64, blank=True)
    record_name = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=8, choices=Action)
    method = models.CharField(max_length=8, blank=True)
    path = models.CharField(max_length=500, blank=True)
    # [[field, before, after], ...]; secrets are "[redacted]".
    changes = models.JSONField(default=list)
    body = models.TextField(blank=True, help_text="A console call's body, redacted.")
    # When the portal knew the record before the write: the time it read it (else null).
    before_read_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=8, choices=Outcome, default=Outcome.DONE)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    message = models.CharField(max_length=500, blank=True)
    job = models.ForeignKey(
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "entries"
        indexes = [
            models.Index(fields=["connection", "-at"]),
            models.Index(fields=["connection", "resource", "record_id", "-at"]),
            models.Index(fields=["at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.resource} {self.record_name or self.record_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ReadOnlyError("A history entry is never changed.")
        super().save(*args, **kwargs)
