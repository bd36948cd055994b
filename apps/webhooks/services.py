"""Writes on watches, each one then bringing Thinkific's webhooks in line (`sync`), and
staff's requests to follow a stored event up again."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from apps.connections.models import Connection
from apps.thinkific import ThinkificClient
from apps.webhooks import followups, registration, tasks
from apps.webhooks.models import Event, Watch
from apps.webhooks.sync import SyncResult, webhooks_sync_now


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


def followup_retry(*, event: Event) -> bool:
    """Run a failed follow-up again on the worker, with a fresh round of attempts; False,
    doing nothing, when it has not failed (done meanwhile, or already queued again)."""
    if not Event.objects.filter(pk=event.pk, followup=Event.Followup.FAILED).exists():
        return False
    followups.followup_request(event=event)
    transaction.on_commit(lambda: tasks.followup_retry.enqueue(event.pk))
    return True
