"""The demo `make run` sets up (the demo_setup command): what the log-in page says of it."""

from django.conf import settings
from django.contrib.auth import get_user_model

DEMO_ADMIN = "admin"  # the demo admin's username


def demo_admin() -> str:
    """The demo admin's username while the sandbox is on and that user exists, else ""."""
    if not settings.SANDBOX_ENABLED:
        return ""
    exists = get_user_model().objects.filter(username=DEMO_ADMIN, is_active=True).exists()
    return DEMO_ADMIN if exists else ""
