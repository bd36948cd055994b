"""The sync engine: Thinkific's webhooks for a school brought in line with its watches.

One sync per school at a time, across processes (`_SyncLock`); `webhooks_sync_now` says
so by answering None, and `apps.webhooks.services.webhooks_sync` then queues one. While
the shared cache is unreachable no sync takes the lock (two processes could both hold it):
the queued one runs once it is back.
"""

from __future__ import annotations

import contextlib
import logging
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction

from apps.connections.models import Connection
from apps.core.cache import lock_add
from apps.thinkific import ThinkificClient, errors
from apps.thinkific.client import MAX_ATTEMPTS
from apps.webhooks import registration, selectors
from apps.webhooks.models import Registration

logger = logging.getLogger(__name__)

MANUAL_ERRORS = (errors.AuthenticationError, errors.PermissionDeniedError)


@dataclass
class SyncResult:
    """What a sync did; `manual` when the school's credentials cannot use the Webhooks API."""

    done: list[registration.Step] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # topic -> Thinkific's answer
    manual: bool = False
    error: str = ""
    queued: bool = False  # another sync was running: this one runs after it, in a task

    @property
    def ok(self) -> bool:
        return not (self.failed or self.manual or self.error or self.queued)

    @property
    def message(self) -> str:
        if self.queued:
            return (
                "Another change to the webhooks on Thinkific is under way; "
                "this one follows in a moment: check again shortly."
            )
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


def webhooks_sync_now(*, connection: Connection, client: ThinkificClient) -> SyncResult | None:
    """Sync now; None, doing nothing, while another sync of the school holds the lock."""
    lock = _SyncLock(connection, client)
    if not lock.acquire():
        return None
    try:
        return _sync(connection, client, lock)
    finally:
        lock.release()


class _SyncLock:
    """One sync per school across processes; renewed while the sync makes progress."""

    def __init__(self, connection: Connection, client: ThinkificClient):
        self.key = f"webhooks:sync:{connection.pk}"
        self.token = uuid.uuid4().hex
        # Long enough for one request at its worst (every retry timing out), twice over;
        # renewed before each request, so a sync of many webhooks keeps it.
        timeouts = client.timeouts
        request = MAX_ATTEMPTS * (timeouts.connect + timeouts.read) + timeouts.max_retry_wait
        self.seconds = max(120, int(2 * request))
        self._renewed = 0.0

    def acquire(self) -> bool:
        self._renewed = time.monotonic()
        return lock_add(self.key, self.token, self.seconds)

    def renew(self) -> None:
        if time.monotonic() - self._renewed < self.seconds / 4:
            return
        if cache.get(self.key) == self.token:
            cache.touch(self.key, self.seconds)
            self._renewed = time.monotonic()

    def release(self) -> None:
        if cache.get(self.key) == self.token:
            cache.delete(self.key)


def _sync(connection: Connection, client: ThinkificClient, lock: _SyncLock) -> SyncResult:
    expected = selectors.expected_topics(connection)
    stored = {r.topic: r for r in Registration.objects.filter(connection=connection)}
    result = SyncResult()
    try:
        remote = list(_renewing(lock, client.webhooks.all()))
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
        lock.renew()
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


def _renewing(lock: _SyncLock, items: Iterator) -> Iterator:
    for item in items:
        lock.renew()
        yield item


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
