"""Writes: watches, and the webhooks on Thinkific that serve them."""

from __future__ import annotations

import contextlib
import logging
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from apps.connections.models import Connection
from apps.thinkific import ThinkificClient, errors
from apps.webhooks import registration, selectors
from apps.webhooks.models import Event, Registration, Watch

logger = logging.getLogger(__name__)

LOCK_SECONDS = 120
MANUAL_ERRORS = (errors.AuthenticationError, errors.PermissionDeniedError)


@dataclass
class SyncResult:
    """What a sync did; `manual` when the school's credentials cannot use the Webhooks API."""

    done: list[registration.Step] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # topic -> Thinkific's answer
    manual: bool = False
    error: str = ""

    @property
    def ok(self) -> bool:
        return not (self.failed or self.manual or self.error)

    @property
    def message(self) -> str:
        if self.manual:
            return (
                "Thinkific does not let this school's credentials manage webhooks: "
                "add them by hand in Thinkific's admin, as shown below."
            )
        if self.error:
            return f"The webhooks on Thinkific were not brought up to date: {self.error}"
        if self.failed:
            return "Thinkific refused some webhooks: " + "; ".join(
                f"{topic}: {text}" for topic, text in self.failed.items()
            )
        if not self.done:
            return "The webhooks on Thinkific were already up to date."
        return f"Thinkific's webhooks updated ({_count(self.done)})."


def watch_create(
    *, connection: Connection, client: ThinkificClient, name: str, topics: list[str]
) -> tuple[Watch, SyncResult]:
    """Save a watch, then register its topics' webhooks on Thinkific."""
    watch = Watch.objects.create(
        connection=connection, name=name, topics=list(registration.ordered(topics))
    )
    return watch, webhooks_sync(connection=connection, client=client)


def watch_update(
    *, watch: Watch, client: ThinkificClient, name: str, topics: list[str]
) -> SyncResult:
    watch.name = name
    watch.topics = list(registration.ordered(topics))
    watch.save(update_fields=["name", "topics", "updated_at"])
    return webhooks_sync(connection=watch.connection, client=client)


def watch_delete(*, watch: Watch, client: ThinkificClient) -> SyncResult:
    """Delete a watch; the webhooks no other watch needs are removed from Thinkific."""
    connection = watch.connection
    watch.delete()
    return webhooks_sync(connection=connection, client=client)


def webhooks_sync(*, connection: Connection, client: ThinkificClient) -> SyncResult:
    """Make Thinkific's webhooks for this school match its watches, and record the outcome.

    Webhooks that deliver elsewhere (other integrations) are never touched. One sync per
    school at a time; the other waits for nothing and says so.
    """
    lock = f"webhooks:sync:{connection.pk}"
    token = uuid.uuid4().hex
    if not cache.add(lock, token, LOCK_SECONDS):
        return SyncResult(error="another change to them is under way; check again in a moment.")
    try:
        return _sync(connection, client)
    finally:
        if cache.get(lock) == token:
            cache.delete(lock)


def _sync(connection: Connection, client: ThinkificClient) -> SyncResult:
    expected = selectors.expected_topics(connection)
    stored = {r.topic: r for r in Registration.objects.filter(connection=connection)}
    result = SyncResult()
    try:
        remote = list(client.webhooks.all())
    except MANUAL_ERRORS as exc:
        _record_manual(connection, expected, exc)
        return SyncResult(manual=True)
    except errors.ThinkificError as exc:
        _record_failure(connection, expected, stored, exc.message)
        return SyncResult(error=exc.message)
    comparison = registration.compare(
        expected=expected,
        remote=remote,
        receiver_url=connection.receiver_url,
        known_ids=[r.webhook_id for r in stored.values() if r.webhook_id],
    )
    touched = {step.webhook_id for step in comparison.steps if step.webhook_id}
    # topic -> the webhook serving it: first those already right, then what the steps did.
    serving = {
        w.topic: str(w.id)
        for w in comparison.ours
        if w.topic in expected
        and w.target_url == connection.receiver_url
        and str(w.id) not in touched
    }
    undone = {step.webhook_id for step in comparison.steps if step.kind == "delete"}
    for step in comparison.steps:
        try:
            webhook_id = _apply(client, step, connection.receiver_url)
        except MANUAL_ERRORS as exc:
            _record_manual(connection, expected, exc)
            return SyncResult(done=result.done, manual=True)
        except (errors.ValidationError, errors.NotFoundError) as exc:
            result.failed[step.topic] = exc.message
            continue
        except errors.ThinkificError as exc:
            result.error = exc.message
            break
        result.done.append(step)
        if step.kind == "delete":
            undone.discard(step.webhook_id)
        else:
            serving[step.topic] = webhook_id
    _record(connection, expected, serving, result, keep=undone)
    logger.info(
        "webhooks sync for connection %s: %d steps, %d failed",
        connection.pk,
        len(result.done),
        len(result.failed),
    )
    return result


def _apply(client: ThinkificClient, step: registration.Step, receiver_url: str) -> str:
    if step.kind == "create":
        return str(client.webhooks.create(topic=step.topic, target_url=receiver_url).id)
    if step.kind == "update":
        try:
            webhook = client.webhooks.update(
                step.webhook_id, topic=step.topic, target_url=receiver_url
            )
        except errors.NotFoundError:  # removed meanwhile: register it anew
            webhook = client.webhooks.create(topic=step.topic, target_url=receiver_url)
        return str(webhook.id)
    with contextlib.suppress(errors.NotFoundError):  # already gone: as wanted
        client.webhooks.delete(step.webhook_id)
    return step.webhook_id


@transaction.atomic
def _record(
    connection: Connection,
    expected: tuple[str, ...],
    serving: dict[str, str],
    result: SyncResult,
    keep: set[str],
) -> None:
    for topic in expected:
        if topic in serving:
            values = {
                "state": Registration.State.REGISTERED,
                "webhook_id": serving[topic],
                "target_url": connection.receiver_url,
                "message": "",
            }
        else:
            text = result.failed.get(topic) or result.error or "Not registered yet."
            values = {"state": Registration.State.FAILED, "webhook_id": "", "message": text[:300]}
        Registration.objects.update_or_create(connection=connection, topic=topic, defaults=values)
    # A topic no watch wants keeps its row only while its webhook is still to be removed:
    # the stored id lets the next sync find it.
    Registration.objects.filter(connection=connection).exclude(topic__in=expected).exclude(
        webhook_id__in=keep
    ).delete()


@transaction.atomic
def _record_manual(
    connection: Connection, expected: tuple[str, ...], exc: errors.ThinkificError
) -> None:
    logger.info("webhooks for connection %s need manual setup: %s", connection.pk, exc.message)
    Registration.objects.filter(connection=connection).exclude(topic__in=expected).delete()
    for topic in expected:
        Registration.objects.update_or_create(
            connection=connection,
            topic=topic,
            defaults={
                "state": Registration.State.MANUAL,
                "target_url": connection.receiver_url,
                "message": exc.message[:300],
            },
        )


@transaction.atomic
def _record_failure(
    connection: Connection, expected: tuple[str, ...], stored: dict, message: str
) -> None:
    for topic in expected:
        if topic not in stored or stored[topic].state != Registration.State.REGISTERED:
            Registration.objects.update_or_create(
                connection=connection,
                topic=topic,
                defaults={"state": Registration.State.FAILED, "message": message[:300]},
            )


def _count(steps: list[registration.Step]) -> str:
    kinds = {"create": "registered", "update": "updated", "delete": "removed"}
    parts = []
    for kind, word in kinds.items():
        n = sum(1 for step in steps if step.kind == kind)
        if n:
            parts.append(f"{n} {word}")
    return ", ".join(parts)


def events_purge(*, older_than_days: int, batch: int = 5000) -> int:
    """Delete events received more than `older_than_days` ago, a batch at a time."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    old = Event.objects.filter(received_at__lt=cutoff)
    total = 0
    for _ in range(old.count() // batch + 1):
        ids = list(old.values_list("id", flat=True)[:batch])
        if not ids:
            break
        total += Event.objects.filter(id__in=ids).delete()[0]
    return total
