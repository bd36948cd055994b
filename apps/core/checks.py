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
