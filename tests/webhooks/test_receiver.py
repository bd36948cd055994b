import hashlib
import hmac
import json
import threading
import uuid

import pytest
from django.db import connection as db_connection
from django.test import Client

from apps.webhooks.models import Delivery, Event

KEY = "k" * 32


def envelope(event_id="20180126172320940835610", **overrides):
    body = {
        "id": event_id,
        "resource": "order",
        "action": "created",
        "tenant_id": "3",
        "created_at": "2018-01-26T22:23:20.808Z",
        "payload": {"id": 19796, "amount_dollars": 50, "product_name": "Intro to Baking"},
    }
    return json.dumps({**body, **overrides}).encode()


def signed(body, key=KEY):
    return hmac.new(key.encode(), body, hashlib.sha256).hexdigest()


def post(client, school, body, signature=None, **headers):
    return client.post(
        f"/webhooks/in/{school.webhook_uuid}/",
        body,
        content_type="application/json",
        headers={
            "X-Thinkific-Hmac-Sha256": signed(body) if signature is None else signature,
            "X-Thinkific-Topic": "order.created",
            **headers,
        },
    )


def test_valid_delivery_is_stored(client, school):
    body = envelope()
    response = post(
        client,
        school,
        body,
        **{"X-Thinkific-Subdomain": "baking-school", "Cookie": "sessionid=should-not-be-kept"},
    )

    assert response.status_code == 200
    event = Event.objects.get()
    assert (event.connection, event.topic, event.resource, event.action) == (
        school,
        "order.created",
        "order",
        "created",
    )
    assert event.payload["product_name"] == "Intro to Baking"
    delivery = Delivery.objects.get()
    assert delivery.body == body.decode()
    assert delivery.headers["X-Thinkific-Subdomain"] == "baking-school"
    assert "Cookie" not in delivery.headers
    assert delivery.remote_addr == "127.0.0.1"


def test_no_login_and_no_csrf_token_needed(school):
    strict = Client(enforce_csrf_checks=True)
    assert post(strict, school, envelope()).status_code == 200


@pytest.mark.parametrize("signature", ["", "0" * 64, signed(envelope(), key="other-key")])
def test_missing_or_wrong_signature_is_401_and_stores_nothing(client, school, signature):
    response = post(client, school, envelope(), signature=signature)
    assert response.status_code == 401
    assert not Event.objects.exists()
    assert not Delivery.objects.exists()


def test_tampered_body_is_401(client, school):
    body = envelope()
    tampered = body.replace(b"50", b"5000")
    assert post(client, school, tampered, signature=signed(body)).status_code == 401
    assert not Event.objects.exists()


def test_oauth_schools_are_verified_with_the_client_secret(client, school):
    school.auth_type = "oauth"
    school.oauth_client_secret = "app-secret"
    school.save()
    body = envelope()
    assert post(client, school, body).status_code == 401
    assert post(client, school, body, signature=signed(body, "app-secret")).status_code == 200


def test_redelivery_answers_200_and_stores_the_event_once(client, school):
    body = envelope()
    assert post(client, school, body).json() == {"ok": True, "duplicate": False}
    assert post(client, school, body).json() == {"ok": True, "duplicate": True}
    assert Event.objects.count() == 1
    assert list(Delivery.objects.order_by("id").values_list("duplicate", flat=True)) == [
        False,
        True,
    ]


def test_the_same_event_id_at_two_schools_is_two_events(client, school):
    from apps.connections.models import Connection

    other = Connection.objects.create(name="O", slug="o", subdomain="o", api_key=KEY)
    post(client, school, envelope())
    post(client, other, envelope())
    assert Event.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_store_one_event(school):
    body = envelope()
    barrier = threading.Barrier(4)
    statuses = []

    def deliver():
        barrier.wait()
        statuses.append(post(Client(), school, body).status_code)
        db_connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [200] * 4
    assert Event.objects.count() == 1
    assert Delivery.objects.count() == 4


def test_unknown_or_inactive_connection_is_404(client, school):
    response = client.post(
        f"/webhooks/in/{uuid.uuid4()}/", envelope(), content_type="application/json"
    )
    assert response.status_code == 404
    school.is_active = False
    school.save()
    assert post(client, school, envelope()).status_code == 404


def test_oversize_body_is_413(client, school, settings):
    settings.WEBHOOK_MAX_BODY_BYTES = 1000
    body = envelope(payload={"padding": "x" * 2000})
    assert post(client, school, body).status_code == 413
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[1, 2]",
        b'{"id": "1"}',
        json.dumps({"id": "1", "resource": "order", "action": "created", "payload": []}).encode(),
        b"\xff\xfe",
    ],
)
def test_bodies_that_are_not_an_envelope_are_400(client, school, body):
    response = post(client, school, body)
    assert response.status_code == 400
    assert "error" in response.json()
    assert not Event.objects.exists()


def test_only_post(client, school):
    assert client.get(f"/webhooks/in/{school.webhook_uuid}/").status_code == 405


def test_topic_falls_back_to_resource_and_action(client, school):
    body = envelope(resource="enrollment", action="completed")
    client.post(
        f"/webhooks/in/{school.webhook_uuid}/",
        body,
        content_type="application/json",
        headers={"X-Thinkific-Hmac-Sha256": signed(body)},
    )
    assert Event.objects.get().topic == "enrollment.completed"
