"""Sandbox test fixtures: a school and a client that calls its API with its credentials."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.test import Client

from tests.sandbox import factories

V1 = "/sandbox/api/public/v1/"
V2 = "/sandbox/api/v2/"


class Api:
    """The Django test client pointed at one API, with one set of credentials."""

    def __init__(self, client: Client, base: str, headers: dict[str, str]):
        self.client = client
        self.base = base
        self.headers = headers

    def url(self, path: str) -> str:
        return self.base + path.lstrip("/")

    def get(self, path: str, params: dict | None = None, **headers: Any):
        return self.client.get(self.url(path), params or {}, headers={**self.headers, **headers})

    def post(self, path: str, data: Any = None, params: dict | None = None):
        return self._send("post", path, data, params)

    def put(self, path: str, data: Any = None):
        return self._send("put", path, data)

    def delete(self, path: str, data: Any = None):
        return self._send("delete", path, data)

    def _send(self, method: str, path: str, data: Any, params: dict | None = None):
        url = self.url(path)
        if params:
            url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
        body = "" if data is None else json.dumps(data)
        return getattr(self.client, method)(
            url, body, content_type="application/json", headers=self.headers
        )


def key_headers(school) -> dict[str, str]:
    return {"X-Auth-API-Key": school.api_key, "X-Auth-Subdomain": school.subdomain}


@pytest.fixture
def school(db):
    return factories.school(name="Test Academy", subdomain="test-academy")


@pytest.fixture
def api(client, school) -> Api:
    """Admin API v1 with the school's API-key headers."""
    return Api(client, V1, key_headers(school))


@pytest.fixture
def v2(client, school) -> Api:
    """Webhooks API v2 with the site API key as a bearer token."""
    return Api(client, V2, {"Authorization": f"Bearer {school.api_key}"})


class Receiver:
    """A webhook target on 127.0.0.1 that records each POST and answers queued statuses."""

    def __init__(self):
        self.received: list[dict] = []
        self.statuses: list[int] = []  # answered in order; 200 once empty
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks"

    def _handler(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.received.append(
                    {"path": self.path, "headers": dict(self.headers), "body": body}
                )
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        return Handler


@pytest.fixture
def receiver():
    target = Receiver()
    target.thread.start()
    yield target
    target.server.shutdown()
    target.server.server_close()
