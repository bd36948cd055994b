import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse

from apps.connections.crypto import EncryptedTextField
from apps.thinkific.apis import THINKIFIC_API

# A DNS label: the subdomain goes into https://<subdomain>.thinkific.com, which is sent
# the OAuth client secret, so it must not be able to name another host.
subdomain_validator = RegexValidator(
    r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$",
    "Lower-case letters, digits and hyphens only, as in my-school.",
)


class Connection(models.Model):
    """One Thinkific school the portal manages, and how to reach it."""

    class AuthType(models.TextChoices):
        API_KEY = "api_key", "API key"
        OAUTH = "oauth", "OAuth app"

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60, unique=True, help_text="Used in the portal's URLs.")
    subdomain = models.CharField(
        max_length=100,
        validators=[subdomain_validator],
        help_text="The school's Thinkific subdomain: my-school for my-school.thinkific.com.",
    )
    auth_type = models.CharField(max_length=10, choices=AuthType, default=AuthType.API_KEY)
    api_key = EncryptedTextField(
        "API key", help_text="Thinkific admin → Settings → Code & analytics → API."
    )
    oauth_client_id = models.CharField("OAuth client ID", max_length=200, blank=True)
    oauth_client_secret = EncryptedTextField("OAuth client secret")
    access_token = EncryptedTextField()
    refresh_token = EncryptedTextField()
    token_expires_at = models.DateTimeField(null=True, blank=True)
    api_base_url = models.URLField(
        "API base URL",
        default=THINKIFIC_API,
        help_text="Thinkific's API host; the built-in sandbox's for demo schools.",
    )
    oauth_base_url = models.URLField(
        "OAuth base URL",
        blank=True,
        help_text="Where /oauth2/authorize and /oauth2/token live. Blank: https://<subdomain>.thinkific.com.",
    )
    webhook_uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    is_active = models.BooleanField("active", default=True)
    last_checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_check_ok = models.BooleanField(null=True, editable=False)
    last_check_message = models.CharField(max_length=300, blank=True, editable=False)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="school_connections",
        help_text="Staff who may use this school (superusers always can).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "school connection"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:school_home", args=[self.slug])

    def clean(self) -> None:
        # Credentials travel to these URLs: plain http only for local demos and tests.
        if settings.DEBUG or settings.SANDBOX_ENABLED:
            return
        errors = {
            name: "Thinkific is reached over https only."
            for name in ("api_base_url", "oauth_base_url")
            if getattr(self, name) and not getattr(self, name).lower().startswith("https://")
        }
        if errors:
            raise ValidationError(errors)

    @property
    def uses_oauth(self) -> bool:
        return self.auth_type == self.AuthType.OAUTH

    @property
    def oauth_url(self) -> str:
        return (self.oauth_base_url or f"https://{self.subdomain}.thinkific.com").rstrip("/")

    @property
    def webhook_secret(self) -> str:
        """The key Thinkific signs this school's webhooks with."""
        return self.oauth_client_secret if self.uses_oauth else self.api_key

    @property
    def has_credentials(self) -> bool:
        return bool(self.access_token if self.uses_oauth else self.api_key)

    @property
    def receiver_url(self) -> str:
        path = reverse("webhooks:receive", args=[self.webhook_uuid])
        return settings.PUBLIC_BASE_URL + path
