"""A sandbox school served by the live test server, connected as a portal school."""

import io
import json

from django.core.management import call_command


def sandbox_school(live_server, *, subdomain: str, users: int = 60, slug: str | None = None):
    """Seed a sandbox school and return the portal's Connection to it over real HTTP."""
    from apps.connections.models import Connection

    call_command("sandbox_seed", subdomain=subdomain, users=users, stdout=io.StringIO())
    out = io.StringIO()
    call_command("sandbox_credentials", json=True, base_url=live_server.url, stdout=out)
    credentials = next(c for c in json.loads(out.getvalue()) if c["subdomain"] == subdomain)
    return Connection.objects.create(
        name=credentials["name"],
        slug=slug or subdomain,
        subdomain=subdomain,
        api_key=credentials["api_key"],
        api_base_url=live_server.url + "/sandbox",
    )


def member_client(client, school, *codenames: str, username: str = "manager"):
    """`client` logged in as a new member of `school` with those portal permissions."""
    from django.contrib.auth import get_user_model

    from tests.conftest import login_with

    user = get_user_model().objects.create_user(username, f"{username}@example.com", "pw-member-1")
    school.members.add(user)
    return login_with(client, user, *codenames)
