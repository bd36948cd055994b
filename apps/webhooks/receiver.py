"""Receiving Thinkific's webhook deliveries: verify, then store durably, once per event."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.dateparse import parse_datetime

from apps.connections.models import Connection
from apps.thinkific import signatures
from apps.webhooks.models import Delivery, Event

# Request headers never stored with a delivery.
PRIVATE_HEADERS = {"cookie", "authorization", "proxy-authorization", "x-auth-api-key"}


class RejectedError(Exception):
    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class Accepted:
    event: Event
    duplicate: bool


def max_body_size() -> int:
    return settings.WEBHOOK_MAX_BODY_BYTES


def delivery_receive(
    *, connection: Connection, body: bytes, headers: dict[str, str], remote_addr: str | None
) -> Accepted:
    """Verify a delivery and store it with its event; a redelivered event is stored once.

    Nothing is written for a rejected delivery, so forged requests cannot fill the database.
    """
    if not signatures.is_valid(
        body, headers.get("X-Thinkific-Hmac-Sha256"), connection.webhook_secret
    ):
        raise RejectedError(401, "Missing or wrong X-Thinkific-Hmac-Sha256 signature.")
    envelope = _envelope(body)
    topic = headers.get("X-Thinkific-Topic") or f"{envelope['resource']}.{envelope['action']}"
    kept_headers = {
        name: value for name, value in headers.items() if name.lower() not in PRIVATE_HEADERS
    }
    with transaction.atomic():
        event, created = _event_get_or_create(connection, envelope, topic)
        Delivery.objects.create(
            connection=connection,
            event=event,
            remote_addr=remote_addr,
            headers=kept_headers,
            body=body.decode(),
            duplicate=not created,
        )
    return Accepted(event=event, duplicate=not created)


def _event_get_or_create(connection: Connection, envelope: dict, topic: str) -> tuple[Event, bool]:
    lookup = {"connection": connection, "event_id": str(envelope["id"])}
    try:
        with transaction.atomic():  # a savepoint: a concurrent twin may win the insert
            event = Event.objects.create(
                **lookup,
                topic=topic[:64],
                resource=str(envelope.get("resource", ""))[:40],
                action=str(envelope.get("action", ""))[:40],
                occurred_at=_datetime(envelope.get("created_at")),
                payload=envelope["payload"],
            )
            return event, True
    except IntegrityError:
        return Event.objects.get(**lookup), False


def _envelope(body: bytes) -> dict:
    try:
        envelope = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        raise RejectedError(400, "The body is not JSON.") from None
    if not isinstance(envelope, dict):
        raise RejectedError(400, "The body is not a JSON object.")
    missing = [key for key in ("id", "payload") if key not in envelope]
    if missing or not (envelope.get("resource") and envelope.get("action")):
        missing += [key for key in ("resource", "action") if not envelope.get(key)]
        raise RejectedError(400, f"The envelope lacks {', '.join(sorted(set(missing)))}.")
    if not isinstance(envelope["payload"], dict) or not str(envelope["id"]).strip():
        raise RejectedError(400, "The envelope's id or payload is malformed.")
    return envelope


def _datetime(value: object):
    if not isinstance(value, str):
        return None
    try:
        return parse_datetime(value)
    except ValueError:
        return None
