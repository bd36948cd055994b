from django.db import models
from django.urls import reverse

from apps.connections.models import Connection
from apps.core import jsonsafe
from apps.webhooks import topics


class Event(models.Model):
    """One event Thinkific pushed to us, with the raw delivery that first brought it.

    The only school data the portal keeps. A redelivery of the same event id adds no row:
    it only counts, so a replayed delivery cannot grow the table.

    Its *follow-up* (the index, and rules once they exist) runs on the task worker, once:
    its state, attempts, error and what it changed are kept here. The receiver writes none
    of these columns: a new event is pending by the columns' defaults.
    """

    class Followup(models.TextChoices):
        PENDING = "pending", "Pending"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    # Indexed by the unique constraint and the indexes below, which all start with it.
    connection = models.ForeignKey(
        Connection, on_delete=models.CASCADE, related_name="events", db_index=False
    )
    event_id = models.CharField(max_length=64, help_text="Thinkific's id of the event.")
    topic = models.CharField(max_length=64)
    resource = models.CharField(max_length=40, blank=True)
    action = models.CharField(max_length=40, blank=True)
    occurred_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    payload = models.JSONField(default=dict, decoder=jsonsafe.StoredDecoder)
    # The delivery as it arrived: body byte for byte, headers without secrets.
    body = models.TextField(blank=True)
    headers = models.JSONField(default=dict)
    remote_addr = models.GenericIPAddressField(null=True, blank=True)
    redeliveries = models.PositiveIntegerField(default=0)
    last_redelivered_at = models.DateTimeField(null=True, blank=True)
    followup = models.CharField(
        "follow-up", max_length=8, choices=Followup, default="pending", db_default="pending"
    )
    followup_attempts = models.PositiveSmallIntegerField(default=0, db_default=0)
    followup_error = models.TextField(blank=True, default="", db_default="")
    # What it changed, a line each: "index: enrollment 7 updated (progress 40 → 60 %)".
    followup_changes = models.TextField(blank=True, default="", db_default="")
    followup_at = models.DateTimeField(null=True, blank=True, db_default=None)  # last ended
    # A retry (or a replay) is due then; null for a new event, found by its arrival.
    followup_due_at = models.DateTimeField(null=True, blank=True, db_default=None)
    # The worker running it holds it until then; another may take it over afterwards.
    followup_token = models.CharField(max_length=32, blank=True, default="", db_default="")
    followup_claimed_until = models.DateTimeField(null=True, blank=True, db_default=None)
    # Not delivered: rebuilt from a re-read of Thinkific that found the change (a missed event).
    reconstructed = models.BooleanField(default=False, db_default=False)

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
            models.Index(fields=["connection", "received_at"]),
            # Partial: a new (pending) event is in neither, so the receiver's insert skips them.
            models.Index(
                fields=["followup_due_at"],
                condition=models.Q(followup_due_at__isnull=False),
                name="webhooks_event_followup_due",
            ),
            models.Index(
                fields=["connection", "-id"],
                condition=models.Q(followup="failed"),
                name="webhooks_event_failed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic} {self.event_id}"

    def get_absolute_url(self) -> str:
        return reverse("webhooks:event_detail", args=[self.connection.slug, self.pk])

    @property
    def topic_label(self) -> str:
        return topics.label(self.topic)

    @property
    def changes(self) -> list[str]:
        return self.followup_changes.splitlines()


class Inbox(models.Model):
    """A school's events still to follow up: whether a task to drain them is queued, and
    the moment before which every event received has been settled (followed up)."""

    connection = models.OneToOneField(Connection, on_delete=models.CASCADE, related_name="inbox")
    # Set when a drain task is queued; cleared as it starts (later events queue another).
    queued_at = models.DateTimeField(null=True, blank=True)
    settled_before = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "inboxes"

    def __str__(self) -> str:
        return f"Inbox of {self.connection_id}"


class MissedEvent(models.Model):
    """A change a read of Thinkific found with no delivery of its event: a record created,
    a user updated, an enrollment's progress moved, without the event that says so.

    `event` is the delivery that came after all (it was late, not missed), or the event
    staff stored from this one (`Event.reconstructed`), so that the feed, the index and
    rules see it once.
    """

    connection = models.ForeignKey(
        Connection, on_delete=models.CASCADE, related_name="missed_events"
    )
    topic = models.CharField(max_length=64)
    record_id = models.BigIntegerField()
    summary = models.CharField(max_length=200, blank=True)
    found_at = models.DateTimeField(help_text="When the read that found it began.")
    # The change came after `since` (what the portal knew) and, where Thinkific says, at
    # `changed_at`.
    since = models.DateTimeField(null=True, blank=True)
    changed_at = models.DateTimeField(null=True, blank=True)
    payload = models.JSONField(default=dict, help_text="The record as its event would carry it.")
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="missed"
    )

    class Meta:
        ordering = ["-found_at", "-pk"]
        indexes = [models.Index(fields=["connection", "topic", "found_at"])]
        constraints = [
            # The same change found by two reads (a re-read, then a full pass) is one.
            models.UniqueConstraint(
                fields=["connection", "topic", "record_id", "changed_at"],
                name="unique_missed_change",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic} {self.record_id} (missed)"

    @property
    def topic_label(self) -> str:
        return topics.label(self.topic)

    @property
    def resource(self) -> str:
        return self.topic.partition(".")[0]

    @property
    def late(self) -> bool:
        """Delivered after all, after the read that found it."""
        return self.event is not None and not self.event.reconstructed


class WatchCheck(models.Model):
    """One scheduled check of a school's webhooks on Thinkific against its watches: what
    it found, and each repair it made (the watches page shows the latest)."""

    class Outcome(models.TextChoices):
        QUEUED = "queued", "Queued"
        IN_LINE = "ok", "In line"
        REPAIRED = "repaired", "Repaired"
        FAILED = "failed", "Not repaired"
        MANUAL = "manual", "Add by hand"
        SKIPPED = "skipped", "Skipped"

    connection = models.ForeignKey(
        Connection, on_delete=models.CASCADE, related_name="watch_checks"
    )
    queued_at = models.DateTimeField()
    checked_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=8, choices=Outcome, default=Outcome.QUEUED)
    message = models.CharField(max_length=500, blank=True)
    repairs = models.JSONField(default=list, blank=True)  # ["Register Order created: ...", ...]

    class Meta:
        ordering = ["-queued_at", "-pk"]
        indexes = [models.Index(fields=["connection", "-queued_at"])]

    def __str__(self) -> str:
        return f"Check of {self.connection_id}: {self.get_outcome_display()}"


class Watch(models.Model):
    """A named set of topics a school sends to the portal ("Watch Order Created")."""

    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="watches")
    name = models.CharField("webhook name", max_length=120)
    topics = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name_plural = "watches"
        constraints = [
            models.UniqueConstraint(fields=["connection", "name"], name="unique_watch_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("webhooks:watch_edit", args=[self.connection.slug, self.pk])

    @property
    def topic_labels(self) -> list[str]:
        return [topics.label(name) for name in self.topics]


class Registration(models.Model):
    """The webhook on Thinkific that sends one topic of one school to our receiver.

    One per topic, whichever watches want it: two watches of the same topic share it, so
    Thinkific never sends an event twice. The stored id finds it again for updates,
    removal and drift checks, even after PUBLIC_BASE_URL changed.
    """

    class State(models.TextChoices):
        REGISTERED = "registered", "Registered on Thinkific"
        MANUAL = "manual", "Add by hand in Thinkific"
        FAILED = "failed", "Not registered"

    connection = models.ForeignKey(
        Connection, on_delete=models.CASCADE, related_name="webhook_registrations"
    )
    topic = models.CharField(max_length=64)
    webhook_id = models.CharField("Thinkific webhook id", max_length=64, blank=True)
    target_url = models.URLField(max_length=1000, blank=True)
    state = models.CharField(max_length=12, choices=State, default=State.FAILED)
    message = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["topic"]
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "topic"], name="unique_registration_per_topic"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic} ({self.get_state_display()})"

    @property
    def topic_label(self) -> str:
        return topics.label(self.topic)
