from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from apps.connections.models import Connection
from apps.connections.services import (
    OAuthFlowError,
    connection_check,
    oauth_finish,
    oauth_start,
)


@staff_member_required
@permission_required("connections.change_connection", raise_exception=True)
def oauth_connect(request, pk: int):
    """Send the user to the school's Thinkific site to authorize the portal."""
    connection = get_object_or_404(Connection, pk=pk)
    if not connection.oauth_client_id:
        messages.error(request, "Give the OAuth app's client ID first.")
        return redirect("admin:connections_connection_change", pk)
    redirect_uri = settings.PUBLIC_BASE_URL + reverse("connections:oauth_callback")
    return redirect(
        oauth_start(connection=connection, session=request.session, redirect_uri=redirect_uri)
    )


@staff_member_required
@permission_required("connections.change_connection", raise_exception=True)
def oauth_callback(request):
    """Thinkific sends the user back here with `code` and `state`."""
    try:
        connection = oauth_finish(
            session=request.session,
            state=request.GET.get("state", ""),
            code=request.GET.get("code", ""),
            error=request.GET.get("error", ""),
        )
    except OAuthFlowError as exc:
        messages.error(request, str(exc))
        if exc.connection is not None:  # back where the user pressed "Connect"
            return redirect("admin:connections_connection_change", exc.connection.pk)
        return redirect("admin:connections_connection_changelist")
    result = connection_check(connection=connection)  # says at once whether it works
    level = messages.SUCCESS if result.ok else messages.WARNING
    messages.add_message(
        request, level, f"{connection.name} is connected with OAuth. {result.message}"
    )
    return redirect("admin:connections_connection_change", connection.pk)
