from django.db.models import QuerySet
from django.http import Http404

from apps.connections.models import Connection


def connection_list_for(*, user) -> QuerySet[Connection]:
    """The active schools `user` may use: their memberships, or all for a superuser."""
    connections = Connection.objects.filter(is_active=True)
    if not user.is_superuser:
        connections = connections.filter(members=user)
    return connections


def connection_for(*, user, slug: str) -> Connection:
    """The school behind `/s/<slug>/`, or 404 when it is not one of the user's."""
    try:
        return connection_list_for(user=user).get(slug=slug)
    except Connection.DoesNotExist:
        raise Http404("No such school.") from None
