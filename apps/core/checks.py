from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def sandbox_off_in_production(app_configs, **kwargs):
    if settings.SANDBOX_ENABLED and not settings.DEBUG:
        return [
            Error(
                "SANDBOX_ENABLED is on in a production deployment.",
                hint="The sandbox is for demos and tests; unset SANDBOX_ENABLED.",
                id="portal.E001",
            )
        ]
    return []
