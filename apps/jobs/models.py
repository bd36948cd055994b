"""Bulk jobs: a school's job, planned row by row, run by the task worker."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from apps.connections.models import Connection


class Job(models.Model):
    class Status(models.TextChoices):
        PLANNING = "planning", "Checking the rows"
        PLANNED = "planned", "Dry run: waiting for confirmation"
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    ACTIVE = (Status.PLANNING, Status.QUEUED, Status.RUNNING)
    FINISHED = (Status.DONE, Status.FAILED, Status.CANCELLED)

    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="jobs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=60)
    title = models.CharField(max_length=200)
    params = models.JSONField(default=dict)
    status = models.CharField(max_length=12, choices=Status, default=Status.PLANNING)
    row_count = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    # Who may run its rows now: a task holding `lease_token` until `lease_until`, renewed
    # before each row; another task takes over only once the lease has run out.
    lease_token = models.CharField(max_length=32, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["connection", "-created_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", args=[self.connection.slug, self.pk])

    @property
    def declaration(self):
        """Its kind's declaration (`apps.jobs.kinds.Kind`)."""
        from apps.jobs.kinds import kind_get

        return kind_get(self.kind)

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED


class JobRow(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RUNNING = "running", "In progress"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped"

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveIntegerField()
    input = models.JSONField(default=dict)
    verdict = models.CharField(max_length=300, help_text="What the dry run said would happen.")
    runnable = models.BooleanField(default=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    result = models.JSONField(default=dict, blank=True)
    message = models.CharField(max_length=500, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["job", "position"]
        constraints = [
            models.UniqueConstraint(fields=["job", "position"], name="jobs_row_position_unique")
        ]
        indexes = [models.Index(fields=["job", "status", "position"])]

    def __str__(self) -> str:
        return f"{self.job_id}#{self.position}"

    @property
    def result_items(self) -> list[str]:
        """What the row made, in short (its kind decides: say, the coupon codes)."""
        return self.job.declaration.result_list(self)


class ImportUpload(models.Model):
    """A CSV of users read but not yet mapped: its header and rows wait here while the
    staff member maps the columns; the dry run's job replaces it."""

    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(max_length=200)
    header = models.JSONField(default=list)
    rows = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("jobs:user_import_map", args=[self.connection.slug, self.pk])
