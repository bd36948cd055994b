"""Receiving Thinkific's webhook deliveries: verify, then store durably, once per event."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from apps.connections.models import Connection
from apps.thinkific import signatures
from apps.thinkific.records import to_datetime
from apps.webhooks import topics
from apps.webhooks.models import Event

SIGNATURE_HEADER = "X-Thinkific-Hmac-Sha256"
# Request headers never stored: credentials and session state, whatever sent them.
PRIVATE_HEADERS = frozenset({"cookie", "authorization", "proxy-authorization"})
PRIVATE_HINTS = ("api-key", "apikey", "token", "secret", "password", "session")


class RejectedError(Exception):
    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class Accepted:
    connection_id: int
    event_id: str
    duplicate: bool


def max_body_size() -> int:
    return settings.WEBHOOK_MAX_BODY_BYTES


def delivery_receive(
    *, connection: Connection, body: bytes, headers: dict[str, str], remote_addr: str | None
) -> Accepted:
    """Verify a delivery and store its event, once per Thinkific event id.

    Nothing is written for a rejected delivery, so forged requests cannot fill the
    database; a redelivery (or a replay) only counts on the stored event. The event is
    committed when this returns: an accepted delivery survives the process dying.
    """
    if not signatures.is_valid(body, headers.get(SIGNATURE_HEADER), connection.webhook_secret):
        raise RejectedError(401, f"Missing or wrong {SIGNATURE_HEADER} signature.")
    text, envelope = _envelope(body)
    event_id = str(envelope["id"]).strip()
    try:
        # One statement in its own transaction: the unique constraint decides between
        # concurrent twins, and the loser's error stays inside this block.
        with transaction.atomic():
            Event.objects.create(
                connection=connection,
                event_id=event_id,
                topic=topics.canonical(f"{envelope['resource']}.{envelope['action']}")[:64],
                resource=str(envelope["resource"])[:40],
                action=str(envelope["action"])[:40],
                occurred_at=to_datetime(envelope.get("created_at")),
                payload=envelope["payload"],
                body=text,
                headers=stored_headers(headers),
                remote_addr=remote_addr,
            )
    except IntegrityError:
        counted = Event.objects.filter(connection=connection, event_id=event_id).update(
            redeliveries=F("redeliveries") + 1, last_redelivered_at=timezone.now()
        )
        if not counted:  # not a duplicate: the school itself vanished meanwhile
            raise
        return Accepted(connection.pk, event_id, duplicate=True)
    return Accepted(connection.pk, event_id, duplicate=False)


def stored_headers(headers: dict[str, str]) -> dict[str, str]:
    """The request's headers without anything that could be a credential."""
    return {
        name: value
        for name, value in headers.items()
        if name.lower() not in PRIVATE_HEADERS
        and not any(hint in name.lower() for hint in PRIVATE_HINTS)
    }


def _envelope(body: bytes) -> tuple[str, dict]:
    try:
        text = body.decode("utf-8")
        envelope = json.loads(text)
    except (UnicodeDecodeError, ValueError):
        raise RejectedError(400, "The body is not UTF-8 JSON.") from None
    if not isinstance(envelope, dict):
        raise RejectedError(400, "The body is not a JSON object.")
    missing = [key for key in ("id", "resource", "action", "payload") if not envelope.get(key)]
    if missing and envelope.get("payload") == {}:
        missing.remove("payload")  # an empty payload is still a payload
    if missing:
        raise RejectedError(400, f"The envelope lacks {', '.join(missing)}.")
    if not isinstance(envelope["payload"], dict) or not str(envelope["id"]).strip():
        raise RejectedError(400, "The envelope's id or payload is malformed.")
    if len(str(envelope["id"]).strip()) > 64:
        raise RejectedError(400, "The envelope's id is too long.")
    return text, envelope
