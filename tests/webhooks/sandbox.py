"""A sandbox school on the live test server whose deliveries come back to that server."""

from apps.connections.services import sandbox_school_connect

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def sandbox_school(live_server, settings, *, subdomain: str, slug: str, users: int = 4):
    """Seed a sandbox school, connect a portal school to it, and point its webhooks here.

    Deliveries run at once (the immediate task backend) once the sandbox commits.
    """
    settings.PUBLIC_BASE_URL = live_server.url
    settings.TASKS = IMMEDIATE_TASKS
    settings.THINKIFIC_MAX_RETRY_WAIT = 0
    connection, _ = sandbox_school_connect(
        subdomain=subdomain, slug=slug, base_url=live_server.url, seed={"users": users}
    )
    return connection
