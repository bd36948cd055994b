"""The history's listener on the portal's Thinkific clients: one entry per write.

`client_for` gives every client it builds a `Recorder` of its school, so every write of
every page, bulk job and console call passes through here. A recorder lives as long as
its client (one request, or one slice of a job) and remembers the records its client
read: the "before" of a write is the record as the edit form (or the list) read it.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.debug import sensitive_variables

from apps.connections.models import Connection
from apps.console.services import REDACTED, redact, secrets_of
from apps.core import jsonsafe
from apps.core.resources import resource
from apps.history.context import acting_user
from apps.history.models import Entry
from apps.history.names import indexed_names, is_id, last_titles
from apps.history.targets import BY_API_PATH, Target, api_path, target_of
from apps.thinkific import errors
from apps.thinkific.apis import WEBHOOKS_API
from apps.thinkific.exchanges import Exchange

# Fields whose values are never kept, whatever the resource declares.
SECRET_NAMES = ("password", "token", "secret", "api_key", "apikey", "authorization")
REMEMBERED_RECORDS = 500  # the most records one client's recorder keeps for "before"
MAX_VALUE_CHARS = 1000
MAX_CHANGES = 60


class Recorder:
    """Listens to one school's client; `job` is set while the client runs a job's rows
    (the job has one entry, made when it was confirmed: its rows make none)."""

    def __init__(self, connection: Connection):
        self.connection = connection
        self.job = None
        self._read: OrderedDict[str, tuple[dict, datetime]] = OrderedDict()

    def __repr__(self) -> str:
        return f"<Recorder of connection {self.connection.pk}>"

    def __call__(self, exchange: Exchange) -> None:
        if not exchange.is_write:
            self._remember(exchange)
        elif self.job is None and not (exchange.api == WEBHOOKS_API and not exchange.raw):
            # The Webhooks API's calls are a watch's sync: the watch's change is the entry.
            self._record(exchange)

    # -- reads: what "before" will be ---------------------------------------------------

    def _remember(self, exchange: Exchange) -> None:
        if exchange.raw or exchange.error or not isinstance(exchange.answer, dict):
            return
        segments = exchange.path.strip("/").split("/")
        if segments[0] not in BY_API_PATH:
            return
        now = timezone.now()
        if len(segments) == 2 and "id" in exchange.answer:
            self._keep(f"{segments[0]}/{segments[1]}", exchange.answer, now)
        elif len(segments) == 1 and isinstance(exchange.answer.get("items"), list):
            for item in exchange.answer["items"]:
                if isinstance(item, dict) and "id" in item:
                    self._keep(f"{segments[0]}/{item['id']}", item, now)

    def _keep(self, key: str, record: dict, at: datetime) -> None:
        self._read[key] = (record, at)
        self._read.move_to_end(key)
        while len(self._read) > REMEMBERED_RECORDS:
            self._read.popitem(last=False)

    # -- writes ---------------------------------------------------------------------------

    @sensitive_variables("secrets")
    def _record(self, exchange: Exchange) -> None:
        root, path = api_path(exchange.path, raw=exchange.raw)
        target = target_of(exchange.method, path)
        secrets = secrets_of(self.connection)
        declared = target.resource.secret_fields if target.resource else ()
        body, body_text = _body(exchange, secrets, declared)
        answer = _answer(exchange)
        before, read_at = None, None
        if target.resource and target.record_id and not target.part:
            key = f"{target.resource.api_paths[0]}/{target.record_id}"
            before, read_at = self._read.get(key, (None, None))
        changes = _changes(target, exchange.method, body, before, read_at is not None)
        changes = _scrubbed(changes, secrets)
        outcome, status, message = _outcome(exchange, secrets)
        record_id = target.record_id or _clip(str(answer.get("id", "")), 64)
        # A record renamed goes by its new name from then on (a later delete says it).
        done = outcome == Entry.Outcome.DONE and isinstance(body, dict)
        renamed = {**before, **body} if before and done else None
        name = _name_of(target.resource, answer, renamed, before, body) or self._last_title(
            target.resource, record_id
        )
        user = acting_user()
        # A savepoint: should the entry fail, a transaction the write is in goes on.
        with transaction.atomic():
            Entry.objects.create(
                connection=self.connection,
                user=user,
                actor=user.get_username() if user else "",
                source=Entry.Source.CONSOLE if exchange.raw else Entry.Source.PAGE,
                resource=target.resource.name if target.resource else "",
                record_id=record_id,
                parent_id=_parent_of(target.resource, exchange.params, body, answer, before),
                record_name=name,
                action=target.action,
                method=exchange.method,
                path=_clip(redact(f"{root}/{path}", secrets), 500),
                changes=changes,
                body=body_text if exchange.raw else "",
                before_read_at=read_at,
                outcome=outcome,
                status=status,
                message=message,
            )

    def _last_title(self, portal_resource, record_id: str) -> str:
        """A record the write did not name (a delete, which reads nothing first): its
        name in its latest entry, else in the school index."""
        if portal_resource is None or not record_id:
            return ""
        where = {"connection_id": self.connection.pk, "kind": portal_resource.name}
        title = last_titles(**where, ids=[record_id]).get(record_id, "")
        if not title and is_id(record_id):
            title = indexed_names(**where, ids=[int(record_id)]).get(int(record_id), "")
        return _clip(title, 200)


def for_job(client, job) -> None:
    """The client runs `job`'s rows: its recorder makes no entry of its own for them."""
    for listener in client.listeners:
        if isinstance(listener, Recorder):
            listener.job = job


def record_job(*, job) -> Entry:
    """The one entry of a bulk job, when it is confirmed; it links to the rows' results."""
    kind = job.declaration
    name = kind.permission.rpartition("_")[2]
    portal_resource = resource(name) if name else None
    user = acting_user() or job.created_by
    return Entry.objects.create(
        connection=job.connection,
        user=user,
        actor=user.get_username() if user else "",
        source=Entry.Source.JOB,
        resource=name,
        parent_id=_parent_of(portal_resource, job.params, {}, {}, None),
        record_name=_clip(job.title, 200),
        action=Entry.Action.BULK,
        changes=[],
        outcome=Entry.Outcome.DONE,
        message=_clip(
            f"{kind.label}: {job.row_count} rows confirmed; each row's result "
            "is on the job's page.",
            500,
        ),
        job=job,
    )


# -- what an entry holds ---------------------------------------------------------------------


@sensitive_variables("secrets")
def _body(exchange: Exchange, secrets: list[str], declared: tuple[str, ...]) -> tuple[Any, str]:
    """The write's body as data (secrets redacted), and a console call's as text."""
    if not exchange.raw:
        return redacted(exchange.body, declared), ""
    if not exchange.body:
        return None, ""
    text = exchange.body.decode("utf-8", "replace") if isinstance(exchange.body, bytes) else ""
    try:
        data = jsonsafe.loads(text, max_bytes=settings.CONSOLE_MAX_RESPONSE_BYTES)
        data = redacted(data, declared)
    except jsonsafe.JSONError:
        return None, _clip(redact(text, secrets), 4000)
    return data, _clip(redact(_dumps(data), secrets), 4000)


def _answer(exchange: Exchange) -> dict:
    """The record Thinkific answered (a console call's too, when its answer is JSON)."""
    answer = exchange.answer
    if exchange.raw and answer is not None and not answer.cut and answer.status < 400:
        try:
            answer = jsonsafe.loads(answer.body, max_bytes=settings.CONSOLE_MAX_RESPONSE_BYTES)
        except jsonsafe.JSONError:
            return {}
    return answer if isinstance(answer, dict) else {}


def redacted(data: Any, declared: tuple[str, ...] = ()) -> Any:
    """`data` with the value of every secret field replaced, at any depth: those named like
    a secret, and the resource's `declared` ones."""
    if isinstance(data, dict):
        return {str(k): redacted(masked(v, str(k), declared), declared) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [redacted(item, declared) for item in data]
    return data


def masked(value: Any, field: str, declared: tuple[str, ...] = ()) -> Any:
    """`value`, or REDACTED in its place when `field` is a secret (named like one, or one
    of the resource's `declared`) and the value is not blank: every page shows secrets so."""
    name = field.lower()
    secret = name in declared or any(secret in name for secret in SECRET_NAMES)
    return REDACTED if secret and value not in (None, "") else value


@sensitive_variables("secrets")
def _scrubbed(data: Any, secrets: list[str]) -> Any:
    """`data` with the school's own secrets taken out of every string (one typed in a note)."""
    if isinstance(data, str):
        return redact(data, secrets)
    if isinstance(data, list):
        return [_scrubbed(item, secrets) for item in data]
    if isinstance(data, dict):
        return {key: _scrubbed(value, secrets) for key, value in data.items()}
    return data


def _changes(
    target: Target, method: str, body: Any, before: dict | None, before_known: bool
) -> list[list]:
    fields = body if isinstance(body, dict) else {}
    if target.part:
        added = method != "DELETE"
        word = "added" if added else "removed"
        rows = [
            [f"{k} ({word})", None, v] if added else [f"{k} ({word})", v, None]
            for k, v in fields.items()
        ]
    elif target.action == "create":
        rows = [[k, None, v] for k, v in fields.items() if v not in (None, "", [])]
    elif target.action == "delete":
        rows = [[k, v, None] for k, v in (before or {}).items() if _shown(k, v)]
    elif before_known:
        rows = [[k, before.get(k), v] for k, v in fields.items() if not _same(before.get(k), v)]
    else:
        rows = [[k, None, v] for k, v in fields.items()]
    return [[_clip(str(k), 100), _value(b), _value(a)] for k, b, a in rows[:MAX_CHANGES]]


def _shown(field: str, value: Any) -> bool:
    """A deleted record's fields worth keeping: its plain values, not its ids and lists."""
    return field != "id" and value not in (None, "", [], {}) and not isinstance(value, dict | list)


def _same(before: Any, after: Any) -> bool:
    if before == after or (before in (None, "") and after in (None, "")):
        return True
    if isinstance(before, str) and isinstance(after, str):
        moments = parse_datetime(before), parse_datetime(after)
        if None not in moments:
            return moments[0] == moments[1]
    if isinstance(before, bool) or isinstance(after, bool):
        return False
    try:
        return Decimal(str(before)) == Decimal(str(after))
    except (InvalidOperation, ValueError):
        return False


def _value(value: Any) -> Any:
    """A value as kept: strings clipped and without NUL (PostgreSQL's JSON holds none)."""
    if isinstance(value, str):
        return _clip(value, MAX_VALUE_CHARS)
    if isinstance(value, dict | list):
        text = _dumps(value)
        fits = len(text) <= MAX_VALUE_CHARS and "\x00" not in text
        return value if fits else _clip(text, MAX_VALUE_CHARS)
    return value


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, default=str)


def _clip(text: str, limit: int) -> str:
    text = text.replace("\x00", "\ufffd")
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def _parent_of(portal_resource, *sources) -> str:
    field = portal_resource.parent_field if portal_resource else ""
    for source in sources:
        if field and isinstance(source, dict) and source.get(field) not in (None, ""):
            return _clip(str(source[field]), 64)
    return ""


def _name_of(portal_resource, *sources) -> str:
    if portal_resource is None:
        return ""
    for source in sources:
        if isinstance(source, dict) and (name := portal_resource.title_of(source)):
            return _clip(name, 200)
    return ""


@sensitive_variables("secrets")
def _outcome(exchange: Exchange, secrets: list[str]) -> tuple[str, int | None, str]:
    """(outcome, HTTP status, message): done, or Thinkific's refusal with its message."""
    error = exchange.error
    if error is None and exchange.raw:
        status = exchange.answer.status
        if status < 400:
            return Entry.Outcome.DONE, status, ""
        return Entry.Outcome.REFUSED, status, _clip(redact(exchange.answer.text, secrets), 500)
    if error is None:
        return Entry.Outcome.DONE, None, ""
    message = _clip(redact(error.message, secrets), 500)
    if isinstance(error, errors.NetworkError) and not error.never_connected:
        return Entry.Outcome.UNKNOWN, None, f"{message} It may or may not have been done."
    return Entry.Outcome.REFUSED, error.status, message
