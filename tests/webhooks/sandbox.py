"""A sandbox school on the live test server whose deliveries come back to that server."""

import io
import json

from django.core.management import call_command

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def sandbox_school(live_server, settings, *, subdomain: str, slug: str, users: int = 4):
    """Seed a sandbox school, connect a portal school to it, and point its webhooks here.

    Deliveries run at once (the immediate task backend) once the sandbox commits.
    """
    from apps.connections.models import Connection

    settings.PUBLIC_BASE_URL = live_server.url
    settings.TASKS = IMMEDIATE_TASKS
    settings.THINKIFIC_MAX_RETRY_WAIT = 0
    call_command("sandbox_seed", subdomain=subdomain, users=users, stdout=io.StringIO())
    out = io.StringIO()
    call_command("sandbox_credentials", json=True, base_url=live_server.url, stdout=out)
    credentials = next(c for c in json.loads(out.getvalue()) if c["subdomain"] == subdomain)
    return Connection.objects.create(
        name=credentials["name"],
        slug=slug,
        subdomain=subdomain,
        api_key=credentials["api_key"],
        api_base_url=live_server.url + "/sandbox",
    )
