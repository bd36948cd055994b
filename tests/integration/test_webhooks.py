"""The client against the built-in sandbox over real HTTP:
the Webhooks API v2: webhooks, cursors and stored events.

The sandbox is an independent reading of Thinkific's contract; where the two disagree,
one of them has misread Thinkific.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from apps.thinkific import errors, signatures
from tests.integration.conftest import new_user

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


# -- Webhooks API v2 ----------------------------------------------------------------------------


class Receiver:
    """A tiny local HTTP endpoint that keeps the webhook deliveries it gets."""

    def __init__(self):
        deliveries = self.deliveries = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                deliveries.append((dict(self.headers), body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    endpoint = Receiver()
    yield endpoint
    endpoint.close()


def test_webhooks_crud_and_cursor_paging(client):
    target = "https://hooks.portal-example.net/in/1/"
    created = [
        client.webhooks.create(topic=topic, target_url=target)
        for topic in ("order.created", "user.signup", "enrollment.completed")
    ]
    assert all(hook.status == "active" for hook in created)
    assert client.webhooks.get(created[0].id) == created[0]

    first = client.webhooks.list(limit=2)
    assert len(first.items) == 2 and first.next_cursor
    second = client.webhooks.list(limit=2, cursor=first.next_cursor)
    assert second.next_cursor is None
    paged = [hook.id for hook in [*first, *second]]
    assert sorted(paged) == sorted(hook.id for hook in created)
    assert sorted(hook.id for hook in client.webhooks.all()) == sorted(paged)

    updated = client.webhooks.update(created[0].id, topic="order.created", target_url=target + "x")
    assert updated.target_url == target + "x"
    assert updated.updated_at >= created[0].updated_at

    with pytest.raises(errors.ValidationError) as caught:
        client.webhooks.create(topic="order.completed", target_url=target)
    assert "topic" in caught.value.field_errors

    client.webhooks.delete(created[0].id)
    with pytest.raises(errors.NotFoundError):
        client.webhooks.get(created[0].id)


def test_events_from_a_signed_delivery(client, sandbox, receiver, settings):
    # Deliver at once, in the sandbox's request, instead of through a worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client.webhooks.create(topic="user.signup", target_url=receiver.url)

    user = new_user(client)

    (headers, body), *_ = receiver.deliveries
    assert signatures.is_valid(body, headers["X-Thinkific-Hmac-Sha256"], sandbox["api_key"])
    assert headers["X-Thinkific-Topic"] == "user.signup"
    event = client.events.get(json.loads(body)["id"])
    assert event.topic == "user.signup"
    assert event.payload["id"] == user.id
    with pytest.raises(errors.NotFoundError):
        client.events.get("20000101000000000000000")
