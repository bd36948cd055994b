"""A sandbox school served by the live test server, connected as a portal school."""

from apps.connections.services import sandbox_school_connect


def sandbox_school(live_server, *, subdomain: str, users: int = 60, slug: str | None = None):
    """Seed a sandbox school and return the portal's Connection to it over real HTTP."""
    connection, _ = sandbox_school_connect(
        subdomain=subdomain, slug=slug or subdomain, base_url=live_server.url, seed={"users": users}
    )
    return connection


def member_client(client, school, *codenames: str, username: str = "manager"):
    """`client` logged in as a new member of `school` with those portal permissions."""
    from django.contrib.auth import get_user_model

    from tests.conftest import login_with

    user = get_user_model().objects.create_user(username, f"{username}@example.com", "pw-member-1")
    school.members.add(user)
    return login_with(client, user, *codenames)
