"""Writes on watches; each one then brings Thinkific's webhooks in line (`sync`)."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from apps.connections.models import Connection
from apps.thinkific import ThinkificClient
from apps.webhooks import registration, tasks
from apps.webhooks.models import Watch
from apps.webhooks.sync import SyncResult, webhooks_sync_now
from apps.webhooks.topics import STARTER_NAMES


class WatchNameTakenError(Exception):
    """Another watch of the school got this name first (a double submit, a colleague)."""


def watch_create(
    *, connection: Connection, client: ThinkificClient, name: str, topics: list[str]
) -> tuple[Watch, SyncResult]:
    """Save a watch, then register its topics' webhooks on Thinkific.

    Raises `WatchNameTakenError` when the school has a watch of that name already.
    """
    watch = watch_create_unregistered(connection=connection, name=name, topics=topics)
    return watch, webhooks_sync(connection=connection, client=client)


STARTER_WATCH = "Sales, enrollments and sign-ups"


def watch_start(
    *, connection: Connection, client: ThinkificClient
) -> tuple[Watch, SyncResult] | None:
    """A new school's first watch: the events schools watch most (the quick-start ones).
    None when the school has a watch already (it has started)."""
    if Watch.objects.filter(connection=connection).exists():
        return None
    return watch_create(
        connection=connection, client=client, name=STARTER_WATCH, topics=list(STARTER_NAMES)
    )


def watch_create_unregistered(*, connection: Connection, name: str, topics: list[str]) -> Watch:
    """Save a watch and leave Thinkific alone: a later sync registers its webhooks (for a
    school whose server does not answer yet). May raise `WatchNameTakenError`."""
    watch = Watch(connection=connection, name=name, topics=list(registration.ordered(topics)))
    _save_watch(watch)
    return watch


def watch_update(
    *, watch: Watch, client: ThinkificClient, name: str, topics: list[str]
) -> SyncResult:
    """Change a watch, then bring Thinkific's webhooks in line; may raise `WatchNameTakenError`."""
    watch.name = name
    watch.topics = list(registration.ordered(topics))
    _save_watch(watch, update_fields=["name", "topics", "updated_at"])
    return webhooks_sync(connection=watch.connection, client=client)


def _save_watch(watch: Watch, **kwargs) -> None:
    # The form checked the name, but a twin request may have saved it since.
    try:
        with transaction.atomic():
            watch.save(**kwargs)
    except IntegrityError:
        name = watch.name
        if watch.pk is not None:
            watch.refresh_from_db()  # the page shows the watch as it is
        raise WatchNameTakenError(name) from None


def watch_delete(*, watch: Watch, client: ThinkificClient) -> SyncResult:
    """Delete a watch; the webhooks no other watch needs are removed from Thinkific."""
    connection = watch.connection
    watch.delete()
    return webhooks_sync(connection=connection, client=client)


def webhooks_sync(*, connection: Connection, client: ThinkificClient) -> SyncResult:
    """Make Thinkific's webhooks for this school match its watches, and record the outcome.

    Webhooks that deliver elsewhere (other integrations) are never touched. One sync per
    school at a time: while one runs (it may have read the watches before this change),
    another is queued to run after it.
    """
    return webhooks_sync_now(connection=connection, client=client) or tasks.webhooks_sync_queue(
        connection
    )
