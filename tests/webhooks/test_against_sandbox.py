"""Watches and the receiver against the built-in sandbox over real HTTP.

The portal registers its webhooks through the sandbox's Webhooks API v2, the sandbox signs
and POSTs its deliveries to the portal's receiver on the live server, and drift made on
the sandbox side is found and repaired.
"""

from __future__ import annotations

import pytest

from apps.connections.services import client_for
from apps.webhooks import selectors, services
from apps.webhooks.models import Event, Registration, Watch
from tests.webhooks.sandbox import sandbox_school

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def school(live_server, settings):
    return sandbox_school(live_server, settings, subdomain="hooked-academy", slug="hooked")


def on_sandbox(school):
    return sorted((w.topic, w.target_url) for w in client_for(school).webhooks.all())


def test_a_watch_registers_its_webhooks_on_the_sandbox(school):
    _, result = services.watch_create(
        connection=school,
        client=client_for(school),
        name="Watch New User",
        topics=["user.signup", "order.created"],
    )

    assert result.ok, result.message
    assert on_sandbox(school) == [
        ("order.created", school.receiver_url),
        ("user.signup", school.receiver_url),
    ]
    ids = {w.id for w in client_for(school).webhooks.all()}
    assert set(Registration.objects.values_list("webhook_id", flat=True)) == ids


def test_a_delivery_from_the_sandbox_is_verified_and_stored(school):
    client = client_for(school)
    services.watch_create(connection=school, client=client, name="W", topics=["user.signup"])

    person = client.users.create(
        first_name="Jane", last_name="Doe", email="jane.doe.hooked@example.com"
    )

    event = Event.objects.get(connection=school)
    assert event.topic == "user.signup"
    assert event.payload["email"] == "jane.doe.hooked@example.com"
    assert str(event.payload["id"]) == str(person.id)
    assert event.headers.get("X-Thinkific-Topic") == "user.signup"
    assert len(event.headers["X-Thinkific-Hmac-Sha256"]) == 64
    assert client.events.get(event.event_id).topic == "user.signup"  # the same id space


def test_editing_and_deleting_watches_update_the_sandbox(school):
    client = client_for(school)
    first, _ = services.watch_create(
        connection=school, client=client, name="A", topics=["order.created"]
    )
    second, _ = services.watch_create(
        connection=school, client=client, name="B", topics=["order.created", "user.signup"]
    )
    services.watch_update(watch=first, client=client, name="A", topics=["enrollment.trial"])
    assert [topic for topic, _ in on_sandbox(school)] == [
        "enrollment.trial",
        "order.created",
        "user.signup",
    ]
    services.watch_delete(watch=second, client=client)
    assert on_sandbox(school) == [("enrollment.trial", school.receiver_url)]
    services.watch_delete(watch=Watch.objects.get(), client=client)
    assert on_sandbox(school) == []


def test_drift_made_on_the_sandbox_is_found_and_repaired(school, settings, live_server):
    client = client_for(school)
    services.watch_create(
        connection=school,
        client=client,
        name="W",
        topics=["order.created", "user.signup", "enrollment.created"],
    )
    hooks = {w.topic: w for w in client.webhooks.all()}
    client.webhooks.delete(hooks["order.created"].id)  # removed by hand in Thinkific
    client.webhooks.create(topic="user.signup", target_url=school.receiver_url)  # a twin
    client.webhooks.update(  # pointed at an old address of the portal
        hooks["enrollment.created"].id,
        topic="enrollment.created",
        target_url=f"{live_server.url.replace('localhost', '127.0.0.1')}/old"
        f"/webhooks/in/{school.webhook_uuid}/",
    )
    client.webhooks.create(topic="lead.created", target_url="https://hooks.example.org/zap")

    check = selectors.webhooks_compare(connection=school, client=client)
    assert sorted((s.kind, s.topic) for s in check.comparison.steps) == [
        ("create", "order.created"),
        ("delete", "user.signup"),
        ("update", "enrollment.created"),
    ]
    assert check.comparison.others == 1

    result = services.webhooks_sync(connection=school, client=client)

    assert result.ok, result.message
    assert selectors.webhooks_compare(connection=school, client=client).comparison.in_sync
    assert on_sandbox(school) == [
        ("enrollment.created", school.receiver_url),
        ("lead.created", "https://hooks.example.org/zap"),  # someone else's: untouched
        ("order.created", school.receiver_url),
        ("user.signup", school.receiver_url),
    ]
