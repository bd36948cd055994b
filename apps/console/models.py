from django.conf import settings
from django.db import models

from apps.console.calls import METHODS, ApiCall


class Call(models.Model):
    """One call made in the console, kept so its user can look back and replay it.

    Never holds credentials: the portal adds them when sending, and any copy of the
    school's secrets the user typed in is replaced before a row is saved.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="console_calls"
    )
    connection = models.ForeignKey(
        "connections.Connection", on_delete=models.CASCADE, related_name="console_calls"
    )
    method = models.CharField(max_length=10, choices=[(m, m) for m in METHODS])
    path = models.CharField(max_length=2000)
    query = models.JSONField(default=list, blank=True, help_text="[name, value] pairs.")
    request_headers = models.JSONField(
        default=list, blank=True, help_text="[name, value] pairs the user added."
    )
    body = models.TextField(blank=True)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    response_excerpt = models.TextField(blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "connection", "-created_at"])]
        verbose_name = "console call"

    def __str__(self) -> str:
        return f"{self.method} {self.path}"

    def as_call(self) -> ApiCall:
        return ApiCall(
            method=self.method,
            path=self.path,
            query=tuple((str(name), str(value)) for name, value in self.query),
            headers=tuple((str(name), str(value)) for name, value in self.request_headers),
            body=self.body,
        )

    @property
    def target(self) -> str:
        return self.as_call().target

    @property
    def shown(self) -> str:
        return self.as_call().shown
