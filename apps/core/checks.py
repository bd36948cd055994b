from django.conf import settings
from django.core.checks import Error, Tags, register

SANDBOX_HINT = "The sandbox's API needs no login: it is for demos and tests. Unset SANDBOX_ENABLED."


@register(Tags.security)
def sandbox_not_on_a_public_site(app_configs, **kwargs):
    """Every command (migrate, runserver, check) refuses a sandbox on a production site."""
    if settings.SANDBOX_ENABLED and settings.HTTPS and not settings.DEBUG:
        return [
            Error(
                "SANDBOX_ENABLED is on for a site served over HTTPS with DEBUG off.",
                hint=SANDBOX_HINT,
                id="portal.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def sandbox_off_in_production(app_configs, **kwargs):
    if settings.SANDBOX_ENABLED and not settings.DEBUG:
        return [
            Error(
                "SANDBOX_ENABLED is on in a production deployment.",
                hint=SANDBOX_HINT,
                id="portal.E002",
            )
        ]
    return []


@register(Tags.security)
def encryption_keys_are_fernet_keys(app_configs, **kwargs):
    """A malformed key would otherwise fail only when a secret is first read or saved."""
    from cryptography.fernet import Fernet

    bad = []
    for position, key in enumerate(settings.ENCRYPTION_KEYS, start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError):
            bad.append(str(position))
    if not bad:
        return []
    return [
        Error(
            f"ENCRYPTION_KEYS entry {', '.join(bad)} is not a Fernet key "
            "(32 url-safe base64-encoded bytes).",
            hint='Make one with: python -c "from cryptography.fernet import Fernet; '
            'print(Fernet.generate_key().decode())"',
            id="portal.E003",
        )
    ]


@register(Tags.security, deploy=True)
def public_base_url_is_https_in_production(app_configs, **kwargs):
    if settings.DEBUG or settings.PUBLIC_BASE_URL.startswith("https://"):
        return []
    return [
        Error(
            f"PUBLIC_BASE_URL is {settings.PUBLIC_BASE_URL!r}, not https, in production.",
            hint="Thinkific delivers webhooks and OAuth answers only to https URLs.",
            id="portal.E004",
        )
    ]


@register(Tags.security)
def login_brake_waits(app_configs, **kwargs):
    """A longest wait under a second would take the log-in brake off without a word."""
    if settings.LOGIN_MAX_WAIT >= 1:
        return []
    return [
        Error(
            f"LOGIN_MAX_WAIT is {settings.LOGIN_MAX_WAIT}: failed log-ins would never wait.",
            hint="Unset it (15 minutes), or give the longest wait in seconds.",
            id="portal.E005",
        )
    ]
