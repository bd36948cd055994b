"""Writes on watches, each one then bringing Thinkific's webhooks in line (`sync`), and
staff's requests to follow a stored event up again."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from apps.connections.models import Connection
from apps.thinkific import ThinkificClient
from apps.webhooks import followups, registration, tasks
from apps.webhooks.models import Event, MissedEvent, Watch
from apps.webhooks.signals import followup_requested
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


def followup_retry(*, event: Event) -> bool:
    """Run a failed follow-up again on the worker, with a fresh round of attempts; False,
    doing nothing, when it has not failed (done meanwhile, or already queued again)."""
    if not Event.objects.filter(pk=event.pk, followup=Event.Followup.FAILED).exists():
        return False
    _again(event, "retry")
    return True


def event_replay(*, event: Event) -> None:
    """Run a stored event's follow-up again on the worker, as if it had just come: into
    the index (and rules), never to Thinkific. The index keeps its rows where they are
    newer than the event (the replay says so on the event)."""
    _again(event, "replay")


def _again(event: Event, action: str) -> None:
    with transaction.atomic():
        before = Event.objects.filter(pk=event.pk).values_list("followup", flat=True).first()
        followups.followup_request(event=event)
        followup_requested.send(sender=Event, event=event, action=action, before=before)
    transaction.on_commit(lambda: tasks.followup_retry.enqueue(event.pk))


MAX_STORED_AT_ONCE = 500


def missed_events_store(*, connection: Connection, pk: int | None = None, topic: str = "") -> int:
    """Store the school's missed event `pk`, or up to `MAX_STORED_AT_ONCE` of them (of
    `topic`); how many were stored."""
    chosen = MissedEvent.objects.filter(connection=connection, event__isnull=True)
    if pk is not None:
        chosen = chosen.filter(pk=pk)
    elif topic:
        chosen = chosen.filter(topic=topic)
    stored = [missed_event_store(missed=m) for m in chosen.order_by("pk")[:MAX_STORED_AT_ONCE]]
    return sum(1 for event in stored if event is not None)


def missed_event_store(*, missed: MissedEvent) -> Event | None:
    """Store a missed event as an event, marked reconstructed from a re-read, so that the
    feed, the index and rules see it once; None when it has one (or was delivered late)."""
    with transaction.atomic():
        found = MissedEvent.objects.select_for_update().filter(pk=missed.pk, event__isnull=True)
        missed = found.first()
        if missed is None:
            return None
        resource, _, action = missed.topic.partition(".")
        event, _ = Event.objects.get_or_create(
            connection_id=missed.connection_id,
            event_id=f"missed-{missed.pk}",  # Thinkific's ids are digits: never this
            defaults={
                "topic": missed.topic,
                "resource": resource,
                "action": action,
                "occurred_at": missed.changed_at or missed.found_at,
                "payload": missed.payload,
                "reconstructed": True,
            },
        )
        missed.event = event
        missed.save(update_fields=["event"])
        followup_requested.send(sender=Event, event=event, action="reconstruct", before=None)
    transaction.on_commit(lambda: tasks.followups_wake(event.connection_id))
    return event
