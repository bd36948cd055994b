from django.db.models import QuerySet
from django.http import Http404

from apps.connections.models import Connection
from apps.console.models import Call

HISTORY_SIZE = 50


def call_history(*, user, connection: Connection) -> QuerySet[Call]:
    """The user's latest calls to this school, newest first."""
    return Call.objects.filter(user=user, connection=connection)[:HISTORY_SIZE]


def call_get(*, user, connection: Connection, pk: int | str) -> Call:
    """One of the user's own calls to this school, or 404."""
    try:
        return Call.objects.get(user=user, connection=connection, pk=pk)
    except (Call.DoesNotExist, ValueError):
        raise Http404("No such call in your history.") from None
