"""The simplest honest webhook receivers, the references `webhooks_receiver.py` compares with.

- `receive`: the Django view anyone would write first, served by the portal's own server
  and settings (every middleware) at `/bench/bare/in/` (`bench/bench_urls.py`);
- `application`: the same without any framework, a plain WSGI app (`--floor`):
  `gunicorn bare_receiver:application` with BARE_DATABASE_URL set.

Both check the HMAC of the body, parse the JSON and insert the event under its unique id
(`ON CONFLICT DO NOTHING`, committed before the 200), and nothing else: no school lookup
(one key), no headers kept, no redelivery count, no feed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sqlite3
import threading
from urllib.parse import urlparse

SECRET = os.environ.get("BARE_SECRET", "b" * 32).encode()
TABLE = "bench_bare_event"
INSERT = (
    f"INSERT INTO {TABLE} (event_id, payload) VALUES ({{mark}}, {{mark}})"
    " ON CONFLICT (event_id) DO NOTHING"
)


def create_table() -> None:
    """The references' table (in the bench database, with Django's connection)."""
    from django.db import connection

    key = "integer PRIMARY KEY " + (
        "AUTOINCREMENT" if connection.vendor == "sqlite" else "GENERATED ALWAYS AS IDENTITY"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        cursor.execute(
            f"CREATE TABLE {TABLE} (id {key},"
            " event_id varchar(64) NOT NULL UNIQUE, payload text NOT NULL)"
        )


def _signed(body: bytes, signature: str) -> bool:
    expected = hmac.new(SECRET, body, hashlib.sha256).hexdigest().encode()
    return hmac.compare_digest(expected, signature.encode())


def _event(body: bytes) -> tuple[str, str] | None:
    try:
        envelope = json.loads(body)
        return str(envelope["id"]), json.dumps(envelope["payload"])
    except (ValueError, KeyError, TypeError):
        return None


def receive(request):
    """The Django reference: a csrf-exempt view that needs no login."""
    from django.db import connection
    from django.http import JsonResponse

    if not _signed(request.body, request.headers.get("X-Thinkific-Hmac-Sha256", "")):
        return JsonResponse({"error": "signature"}, status=401)
    event = _event(request.body)
    if event is None:
        return JsonResponse({"error": "json"}, status=400)
    with connection.cursor() as cursor:
        cursor.execute(INSERT.format(mark="%s"), event)
    return JsonResponse({"ok": True})


# -- without a framework ------------------------------------------------------------------

_local = threading.local()


def _connect():
    url = os.environ["BARE_DATABASE_URL"]
    if urlparse(url).scheme == "sqlite":
        connection = sqlite3.connect(urlparse(url).path, timeout=20, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        return connection, INSERT.format(mark="?")
    import psycopg

    return psycopg.connect(url, autocommit=True), INSERT.format(mark="%s")


def _answer(start_response, status: str, body: bytes):
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    start_response(status, headers)
    return [body]


def application(environ, start_response):
    """The framework-free reference: one database connection per server thread."""
    body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    if not _signed(body, environ.get("HTTP_X_THINKIFIC_HMAC_SHA256", "")):
        return _answer(start_response, "401 Unauthorized", b'{"error":"signature"}')
    event = _event(body)
    if event is None:
        return _answer(start_response, "400 Bad Request", b'{"error":"json"}')
    if not hasattr(_local, "db"):
        _local.db = _connect()
    connection, insert = _local.db
    connection.execute(insert, event)
    return _answer(start_response, "200 OK", b'{"ok":true}')
