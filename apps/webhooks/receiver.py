"""Receiving Thinkific's webhook deliveries: verify, then store durably, once per event.

This is the hottest path of the portal (a school's burst of deliveries, every retry), so
it does as little as it can: the school's key is remembered for a few seconds, and the
event goes in with one prepared INSERT that lets the unique constraint settle twins.
"""

from __future__ import annotations

import functools
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from uuid import UUID

import psycopg
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from apps.connections.models import Connection
from apps.core import jsonsafe
from apps.thinkific import signatures
from apps.thinkific.records import to_datetime
from apps.webhooks import topics
from apps.webhooks.models import Event

SIGNATURE_HEADER = "X-Thinkific-Hmac-Sha256"
# Request headers never stored: credentials and session state, whatever sent them.
PRIVATE_HEADERS = frozenset({"cookie", "authorization", "proxy-authorization"})
PRIVATE_HINTS = ("api-key", "apikey", "token", "secret", "password", "session")
# A changed key or a deactivated school reaches the other server processes this late.
RECEIVER_SECONDS = 5.0
NAME_PATTERN = re.compile(r"[a-z_]+")  # an envelope's resource and action
# PostgreSQL's text and jsonb cannot hold U+0000; the raw body keeps it as its escape.
NUL = "\x00"
NUL_STANDIN = "\ufffd"


class RejectedError(Exception):
    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class Receiver:
    """What receiving needs of a school: its id, and the key Thinkific signs with."""

    connection_id: int
    secret: str = field(repr=False)


@dataclass(frozen=True)
class Accepted:
    connection_id: int
    event_id: str
    duplicate: bool
    topic: str = ""
    payload: dict = field(default_factory=dict, repr=False)


_receivers: dict[UUID, tuple[float, Receiver]] = {}
_receivers_lock = threading.Lock()


def receiver_for(uuid: UUID) -> Receiver | None:
    """The active school behind a receiver URL; remembered for a few seconds per process."""
    now = time.monotonic()
    known = _receivers.get(uuid)
    if known and known[0] > now:
        return known[1]
    school = (
        Connection.objects.filter(webhook_uuid=uuid, is_active=True)
        .only("pk", "auth_type", "api_key", "oauth_client_secret")
        .first()
    )
    if school is None:
        return None  # not remembered: unknown ids must not grow this process's memory
    receiver = Receiver(school.pk, school.webhook_secret)
    with _receivers_lock:
        if len(_receivers) >= 1000:
            _receivers.clear()
        _receivers[uuid] = (now + RECEIVER_SECONDS, receiver)
    return receiver


def forget_receivers(**kwargs) -> None:
    """A school was saved or deleted: look its key up again (connected in apps.py)."""
    with _receivers_lock:
        _receivers.clear()


def max_body_size() -> int:
    return settings.WEBHOOK_MAX_BODY_BYTES


def delivery_receive(
    *, receiver: Receiver, body: bytes, headers: dict[str, str], remote_addr: str | None
) -> Accepted:
    """Verify a delivery and store its event, once per Thinkific event id.

    Nothing is written for a rejected delivery, so forged requests cannot fill the
    database; a redelivery (or a replay) only counts on the stored event. The event is
    committed when this returns: an accepted delivery survives the process dying.
    """
    if not signatures.is_valid(body, headers.get(SIGNATURE_HEADER), receiver.secret):
        raise RejectedError(401, f"Missing or wrong {SIGNATURE_HEADER} signature.")
    text, envelope = _envelope(body)
    event_id = str(envelope["id"]).strip()
    received_at = timezone.now()
    topic = topics.canonical(f"{envelope['resource']}.{envelope['action']}")[:64]
    created = _insert_or_count(
        connection_id=receiver.connection_id,
        event_id=event_id,
        topic=topic,
        resource=str(envelope["resource"])[:40],
        action=str(envelope["action"])[:40],
        occurred_at=to_datetime(envelope.get("created_at")),
        received_at=received_at,
        payload=envelope["payload"],
        body=text,
        headers=stored_headers(headers),
        remote_addr=remote_addr,
        redeliveries=0,
        last_redelivered_at=None,
    )
    return Accepted(
        receiver.connection_id, event_id, not created, topic=topic, payload=envelope["payload"]
    )


def _insert_or_count(**values) -> bool:
    """Insert the event, or count a redelivery on the school's copy; True when it is new.

    One statement in autocommit (durable when it returns, no transaction to open and
    close); concurrent twins are settled by the unique constraint without an error: one
    inserts, the other counts.
    """
    db = connections[DEFAULT_DB_ALIAS]  # once: each use of the `connection` proxy looks it up
    sql, fields = _insert_statement(db.vendor)
    # Built above with the fields' own types: only the database's adapting is left to do.
    params = [field.get_db_prep_value(values[field.attname], db, prepared=True) for field in fields]
    with prepared_cursor(db) as cursor:
        cursor.execute(sql, params)
        (redeliveries,) = cursor.fetchone()
        return redeliveries == 0


class _PreparedCursor(psycopg.Cursor):
    """Binds on the server, and prepares each statement once per (pooled) connection:
    PostgreSQL then neither parses nor plans the insert again, nor does the client quote
    its values into the text. Django's own cursors bind on the client, for poolers."""

    def execute(self, query, params=None, *, prepare=True, binary=None):
        return super().execute(query, params, prepare=prepare, binary=binary)


def prepared_cursor(db):
    """Django's cursor (its errors, its query log in tests), prepared on PostgreSQL."""
    if db.vendor != "postgresql":
        return db.cursor()  # sqlite3 keeps its own cache of prepared statements
    db.ensure_connection()
    if db.connection.prepare_threshold is None:  # Django's off switch; its cursors never prepare
        db.connection.prepare_threshold = sys.maxsize  # only when asked to
    raw = _PreparedCursor(db.connection)
    return db.make_debug_cursor(raw) if db.queries_logged else db.make_cursor(raw)


@functools.cache
def _insert_statement(vendor: str) -> tuple[str, tuple]:
    meta = Event._meta
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    # The columns with a database default (the follow-up's) are left to it: not one more
    # value to adapt and send per delivery.
    fields = tuple(
        field
        for field in meta.concrete_fields
        if not field.primary_key and not field.has_db_default()
    )
    unique = next(c for c in meta.constraints if c.name == "unique_event_per_school")
    conflict = ", ".join(quote(meta.get_field(name).column) for name in unique.fields)
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    table, count = quote(meta.db_table), quote("redeliveries")
    # Only the model's own names are formatted in; every value goes as a parameter.
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) "  # noqa: S608
        f"ON CONFLICT ({conflict}) DO UPDATE SET {count} = {table}.{count} + 1, "
        f"{quote('last_redelivered_at')} = EXCLUDED.{quote('received_at')} RETURNING {count}"
    )
    return sql, fields


def stored_headers(headers: dict[str, str]) -> dict[str, str]:
    """The request's headers without anything that could be a credential (nor U+0000)."""
    return {
        name.replace(NUL, NUL_STANDIN): value.replace(NUL, NUL_STANDIN)
        for name, value in headers.items()
        if name.lower() not in PRIVATE_HEADERS
        and not any(hint in name.lower() for hint in PRIVATE_HINTS)
    }


def _envelope(body: bytes) -> tuple[str, dict]:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise RejectedError(400, "The body is not UTF-8 text.") from None
    try:
        envelope = jsonsafe.loads(text, max_bytes=max_body_size(), nul=NUL_STANDIN)
    except jsonsafe.JSONError as exc:
        raise RejectedError(400, str(exc)) from None
    if not isinstance(envelope, dict):
        raise RejectedError(400, "The body is not a JSON object.")
    missing = [key for key in ("id", "resource", "action", "payload") if key not in envelope]
    if missing:
        raise RejectedError(400, f"The envelope lacks {', '.join(missing)}.")
    event_id = envelope["id"]
    if isinstance(event_id, bool) or not isinstance(event_id, str | int):
        raise RejectedError(400, "The envelope's id is not a string or an integer.")
    event_id = str(event_id).strip()
    if not event_id or not event_id.isprintable() or NUL_STANDIN in event_id:  # was U+0000
        raise RejectedError(400, "The envelope's id is empty or has control characters.")
    if len(event_id) > 64:
        raise RejectedError(400, "The envelope's id is too long.")
    for key in ("resource", "action"):
        if not isinstance(envelope[key], str) or not NAME_PATTERN.fullmatch(envelope[key]):
            raise RejectedError(400, f"The envelope's {key} is not lowercase letters and _.")
    if not isinstance(envelope["payload"], dict):
        raise RejectedError(400, "The envelope's payload is not a JSON object.")
    return text, envelope
