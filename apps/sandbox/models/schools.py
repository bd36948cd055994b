"""Sandbox schools, their credentials, their fault settings and their OAuth grants."""

import secrets
import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone


def new_api_key() -> str:
    return secrets.token_hex(16)


def new_client_id() -> str:
    return secrets.token_hex(16)


def new_client_secret() -> str:
    return secrets.token_urlsafe(32)


class School(models.Model):
    """One Thinkific site: its subdomain, API key, OAuth app and injected faults."""

    name = models.CharField(max_length=120)
    subdomain = models.SlugField(max_length=100, unique=True)
    gid = models.UUIDField("global id", default=uuid.uuid4, unique=True, editable=False)
    api_key = models.CharField("API key", max_length=32, unique=True, default=new_api_key)
    oauth_client_id = models.CharField(
        "OAuth client ID", max_length=64, unique=True, default=new_client_id
    )
    oauth_client_secret = models.CharField(
        "OAuth client secret", max_length=64, default=new_client_secret
    )
    oauth_redirect_uris = models.TextField(
        "OAuth redirect URIs",
        blank=True,
        help_text="One per line. Blank: any http(s) redirect URI is accepted.",
    )
    rate_limit = models.PositiveIntegerField(
        "requests per minute", default=120, help_text="Thinkific allows 120 per minute."
    )
    latency_ms = models.PositiveIntegerField(
        "added latency (ms)", default=0, validators=[MaxValueValidator(30_000)]
    )
    error_rate = models.FloatField(
        default=0.0,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text="Share of API requests answered with 500 (0 to 1).",
    )
    forced_status = models.PositiveSmallIntegerField(
        "forced status code",
        null=True,
        blank=True,
        validators=[MinValueValidator(400), MaxValueValidator(599)],
        help_text="When set, every API request is answered with this status.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.subdomain})"

    @property
    def redirect_uris(self) -> list[str]:
        return [line.strip() for line in self.oauth_redirect_uris.splitlines() if line.strip()]


class AuthorizationCode(models.Model):
    """A code handed to the app after consent; single use, short-lived. Only its hash is kept."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64, unique=True)
    redirect_uri = models.URLField(max_length=500)
    code_challenge = models.CharField(max_length=128, blank=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"code #{self.pk} for {self.school_id}"


class AccessToken(models.Model):
    """An OAuth access token with its (single-use) refresh token. Only hashes are kept."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="access_tokens")
    code = models.ForeignKey(AuthorizationCode, null=True, on_delete=models.CASCADE)
    token_hash = models.CharField(max_length=64, unique=True)
    refresh_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    expires_at = models.DateTimeField()
    refreshed_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"token #{self.pk} for {self.school.subdomain}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
