import hashlib
import hmac
import json
import threading
import uuid
from datetime import UTC, datetime

import pytest
from django.db import connection as db_connection
from django.test import Client
from django.urls import resolve, reverse

from apps.connections.models import Connection
from apps.webhooks import live
from apps.webhooks.middleware import _receiver_routes
from apps.webhooks.models import Event

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


def test_valid_delivery_is_stored_with_its_raw_request(client, school):
    body = envelope()
    response = post(
        client,
        school,
        body,
        **{
            "X-Thinkific-Subdomain": "baking-school",
            "Cookie": "sessionid=should-not-be-kept",
            "Authorization": "Bearer nope",
            "X-Auth-API-Key": "nope",
        },
    )

    assert response.status_code == 200
    assert response.json() == {"ok": True, "duplicate": False}
    event = Event.objects.get()
    assert (event.connection, event.event_id, event.topic, event.resource, event.action) == (
        school,
        "20180126172320940835610",
        "order.created",
        "order",
        "created",
    )
    assert event.occurred_at.isoformat() == "2018-01-26T22:23:20.808000+00:00"
    assert event.payload["product_name"] == "Intro to Baking"
    assert event.body == body.decode()
    assert event.headers["X-Thinkific-Subdomain"] == "baking-school"
    assert event.headers["X-Thinkific-Hmac-Sha256"] == signed(body)
    assert {"Cookie", "Authorization", "X-Auth-Api-Key"}.isdisjoint(event.headers)
    assert event.remote_addr == "127.0.0.1"
    assert event.redeliveries == 0


def test_no_login_and_no_csrf_token_needed(school):
    strict = Client(enforce_csrf_checks=True)
    assert post(strict, school, envelope()).status_code == 200


@pytest.mark.parametrize(
    "signature",
    ["", "0" * 64, signed(envelope(), key="other-key"), signed(envelope()).upper() + "00", "é"],
)
def test_missing_or_wrong_signature_is_401_and_stores_nothing(client, school, signature):
    response = post(client, school, envelope(), signature=signature)
    assert response.status_code == 401
    assert "X-Thinkific-Hmac-Sha256" in response.json()["error"]
    assert not Event.objects.exists()


def test_no_signature_header_at_all_is_401(client, school):
    response = client.post(
        f"/webhooks/in/{school.webhook_uuid}/", envelope(), content_type="application/json"
    )
    assert response.status_code == 401
    assert not Event.objects.exists()


def test_tampered_body_is_401(client, school):
    body = envelope()
    tampered = body.replace(b"50", b"5000")
    assert post(client, school, tampered, signature=signed(body)).status_code == 401
    assert not Event.objects.exists()


def test_signatures_are_compared_in_constant_time(client, school, monkeypatch):
    import hmac as hmac_module

    calls = []
    real = hmac_module.compare_digest
    monkeypatch.setattr(
        hmac_module, "compare_digest", lambda a, b: calls.append((a, b)) or real(a, b)
    )
    post(client, school, envelope())
    assert calls


def test_oauth_schools_are_verified_with_the_client_secret(client, school):
    school.auth_type = "oauth"
    school.oauth_client_secret = "app-secret"
    school.save()
    body = envelope()
    assert post(client, school, body).status_code == 401
    assert post(client, school, body, signature=signed(body, "app-secret")).status_code == 200


def test_redelivery_answers_200_and_stores_nothing_twice(client, school):
    body = envelope()
    assert post(client, school, body).json() == {"ok": True, "duplicate": False}
    assert post(client, school, body).json() == {"ok": True, "duplicate": True}
    assert post(client, school, body).json() == {"ok": True, "duplicate": True}
    event = Event.objects.get()
    assert event.redeliveries == 2
    assert event.last_redelivered_at is not None


def test_a_redelivery_with_another_body_keeps_the_first(client, school):
    post(client, school, envelope())
    changed = envelope(payload={"id": 1})
    assert post(client, school, changed).json()["duplicate"] is True
    assert Event.objects.get().payload["product_name"] == "Intro to Baking"


def test_the_same_event_id_at_two_schools_is_two_events(client, school):
    other = Connection.objects.create(name="O", slug="o", subdomain="o", api_key=KEY)
    post(client, school, envelope())
    post(client, other, envelope())
    assert Event.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_store_one_event(school):
    body = envelope()
    barrier = threading.Barrier(6)
    answers = []

    def deliver():
        barrier.wait()
        answers.append(post(Client(), school, body).json())
        db_connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(answer["duplicate"] for answer in answers) == [False] + [True] * 5
    event = Event.objects.get()
    assert event.redeliveries == 5


def test_unknown_or_inactive_connection_is_404(client, school):
    response = client.post(
        f"/webhooks/in/{uuid.uuid4()}/", envelope(), content_type="application/json"
    )
    assert response.status_code == 404
    school.is_active = False
    school.save()
    assert post(client, school, envelope()).status_code == 404
    assert not Event.objects.exists()


def test_oversize_body_is_413(client, school, settings):
    settings.WEBHOOK_MAX_BODY_BYTES = 1000
    body = envelope(payload={"padding": "x" * 2000})
    assert post(client, school, body).status_code == 413
    assert not Event.objects.exists()


def chunked(school, body: bytes, *, terminated: bool = True):
    """A WSGI request sent chunked: no Content-Length, the server ends the input stream."""
    from io import BytesIO

    from django.core.handlers.wsgi import WSGIRequest
    from django.test.client import RequestFactory

    environ = RequestFactory()._base_environ(
        PATH_INFO=f"/webhooks/in/{school.webhook_uuid}/",
        REQUEST_METHOD="POST",
        CONTENT_TYPE="application/json",
        HTTP_TRANSFER_ENCODING="chunked",
        HTTP_X_THINKIFIC_HMAC_SHA256=signed(body),
    )
    environ.pop("CONTENT_LENGTH", None)
    environ["wsgi.input"] = BytesIO(body)  # read(n) gives what there is, like gunicorn
    if terminated:
        environ["wsgi.input_terminated"] = True
    return WSGIRequest(environ)


def test_a_chunked_delivery_is_read_and_stored(school):
    from apps.webhooks.views.receiver import receive

    response = receive(chunked(school, envelope()), uuid=school.webhook_uuid)
    assert response.status_code == 200
    assert Event.objects.get().payload["product_name"] == "Intro to Baking"


def test_a_chunked_delivery_over_the_limit_is_413(school, settings):
    from apps.webhooks.views.receiver import receive

    settings.WEBHOOK_MAX_BODY_BYTES = 1000
    body = envelope(payload={"padding": "x" * 2000})
    assert receive(chunked(school, body), uuid=school.webhook_uuid).status_code == 413
    assert not Event.objects.exists()


def test_a_chunked_delivery_on_a_server_that_cannot_end_it_is_411(school):
    from apps.webhooks.views.receiver import receive

    request = chunked(school, envelope(), terminated=False)
    response = receive(request, uuid=school.webhook_uuid)
    assert response.status_code == 411
    assert "Content-Length" in json.loads(response.content)["error"]
    assert not Event.objects.exists()


def test_a_body_at_the_limit_is_accepted(client, school, settings):
    body = envelope()
    settings.WEBHOOK_MAX_BODY_BYTES = len(body)
    assert post(client, school, body).status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[1, 2]",
        b'{"id": "1"}',
        b"",
        json.dumps({"id": "1", "resource": "order", "action": "created", "payload": []}).encode(),
        json.dumps({"id": "", "resource": "order", "action": "created", "payload": {}}).encode(),
        json.dumps({"id": "1" * 65, "resource": "o", "action": "c", "payload": {}}).encode(),
        b"\xff\xfe",
        '{"id": "1", "resource": "order", "action": "created", "payload": {}}'.encode("utf-16"),
    ],
)
def test_bodies_that_are_not_an_envelope_are_400(client, school, body):
    response = post(client, school, body)
    assert response.status_code == 400
    assert "error" in response.json()
    assert not Event.objects.exists()


def test_an_empty_payload_is_still_an_envelope(client, school):
    body = envelope(payload={})
    assert post(client, school, body).status_code == 200


def test_only_post(client, school):
    assert client.get(f"/webhooks/in/{school.webhook_uuid}/").status_code == 405


def test_the_topic_comes_from_the_signed_body_not_the_header(client, school):
    body = envelope(resource="enrollment", action="completed")
    post(client, school, body, **{"X-Thinkific-Topic": "order.created"})
    assert Event.objects.get().topic == "enrollment.completed"


def test_the_documented_spelling_of_a_topic_is_kept(client, school):
    post(client, school, envelope(resource="subscription", action="canceled"))
    assert Event.objects.get().topic == "subscription.cancelled"


def test_feeds_are_told_after_the_answer_only_for_new_events(client, school, monkeypatch):
    rings = []
    monkeypatch.setattr(live, "ring", lambda: rings.append(1))
    body = envelope()
    post(client, school, body)
    assert rings == [1]
    post(client, school, body)
    assert rings == [1]
    post(client, school, body, signature="0" * 64)
    assert rings == [1]


def test_a_delivery_costs_one_query_before_its_answer(client, school, monkeypatch):
    """The insert, nothing else; after the answer, one read finds a drain already queued."""
    from django.test.utils import CaptureQueriesContext

    from apps.webhooks.views.receiver import ReceivedResponse

    post(client, school, envelope(event_id="1"))  # the school known; its drain queued
    answered_after = []
    close = ReceivedResponse.close

    def closing(response):
        answered_after.append(len(captured.captured_queries))
        close(response)

    monkeypatch.setattr(ReceivedResponse, "close", closing)
    with CaptureQueriesContext(db_connection) as captured:
        post(client, school, envelope(event_id="2"))
    assert answered_after == [1]
    # PostgreSQL's prepared statements are logged without their text.
    insert, after = (q["sql"] or "" for q in captured.captured_queries)
    assert insert.startswith("INSERT INTO") or db_connection.vendor == "postgresql"
    assert after.startswith("SELECT") or db_connection.vendor == "postgresql"

    with CaptureQueriesContext(db_connection) as captured:
        post(client, school, envelope(event_id="2"))  # a redelivery: the same statement counts it
    assert len(captured.captured_queries) == 1
    assert Event.objects.get(event_id="2").redeliveries == 1


def test_a_new_event_is_pending_by_its_columns_defaults(client, school):
    post(client, school, envelope(event_id="1"))
    event = Event.objects.get(event_id="1")
    assert (event.followup, event.followup_attempts, event.followup_changes) == ("pending", 0, "")
    assert event.followup_due_at is None and event.followup_token == ""


def test_a_new_key_applies_at_once_in_this_process(client, school):
    post(client, school, envelope(event_id="1"))
    school.api_key = "n" * 32
    school.save()
    body = envelope(event_id="2")
    assert post(client, school, body).status_code == 401
    assert post(client, school, body, signature=signed(body, "n" * 32)).status_code == 200


def test_the_school_is_looked_up_again_after_a_few_seconds(client, school, monkeypatch):
    import time

    post(client, school, envelope(event_id="1"))
    Connection.objects.filter(pk=school.pk).update(is_active=False)  # no signal: another process
    assert post(client, school, envelope(event_id="2")).status_code == 200
    later = time.monotonic() + 6
    monkeypatch.setattr(time, "monotonic", lambda: later)
    assert post(client, school, envelope(event_id="3")).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_an_accepted_event_is_committed_before_the_answer(school):
    """Another process (here: another thread, its own connection) sees it at once."""
    assert post(Client(), school, envelope(event_id="77")).status_code == 200
    seen = []

    def look():
        seen.append(Event.objects.filter(event_id="77").exists())
        db_connection.close()

    thread = threading.Thread(target=look)
    thread.start()
    thread.join()
    assert seen == [True]


@pytest.mark.parametrize("length", ["abc", "-1", "1e3", " 12x"])
def test_a_bad_content_length_is_400_not_500(school, rf, length):
    from apps.webhooks.views.receiver import receive

    body = envelope()
    request = rf.post("/", body, content_type="application/json")
    request.META["CONTENT_LENGTH"] = length
    request.META["HTTP_X_THINKIFIC_HMAC_SHA256"] = signed(body)
    response = receive(request, uuid=school.webhook_uuid)
    assert response.status_code == 400
    assert b"Content-Length" in response.content
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"id": {"a": 1}},
        {"id": ["1"]},
        {"id": True},
        {"id": None},
        {"id": 1.5},
        {"id": "  "},
        {"id": "12\u00003"},
        {"resource": ["x"]},
        {"resource": "Order"},
        {"resource": "order.created"},
        {"resource": ""},
        {"action": {"x": 1}},
        {"action": "created\u0000"},
        {"action": 3},
    ],
)
def test_envelopes_of_the_wrong_types_are_400(client, school, overrides):
    response = post(client, school, envelope(**overrides))
    assert response.status_code == 400
    assert "envelope" in response.json()["error"]
    assert not Event.objects.exists()


def test_an_integer_event_id_is_accepted(client, school):
    assert post(client, school, envelope(event_id=12345)).status_code == 200
    assert Event.objects.get().event_id == "12345"


def test_a_nul_in_the_payload_is_stored_safely_and_the_body_kept(client, school):
    body = envelope(payload={"name": "a\u0000b", "k\u0000": ["\u0000"], "n": 1})
    assert b"\\u0000" in body
    response = post(client, school, body)
    assert response.status_code == 200
    event = Event.objects.get()
    assert event.payload == {"name": "a\ufffdb", "k\ufffd": ["\ufffd"], "n": 1}
    assert event.body == body.decode()  # the delivery as it arrived, NUL escape included


def test_the_receiver_key_is_not_in_its_repr():
    from apps.webhooks.receiver import Receiver

    assert "sekrit" not in repr(Receiver(1, "sekrit"))


def test_a_nul_in_a_header_is_stored_safely():
    from apps.webhooks.receiver import stored_headers

    assert stored_headers({"X-Odd\u0000": "a\u0000b", "Cookie": "s=1"}) == {
        "X-Odd\ufffd": "a\ufffdb"
    }


def raw_envelope(payload: str) -> bytes:
    head = '{"id": "1", "resource": "order", "action": "created", "payload": {"x": '
    return f"{head}{payload}}}}}".encode()


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ("NaN", "holds NaN"),
        ("Infinity", "holds Infinity"),
        ("-Infinity", "holds -Infinity"),
        ("1e400", "too large a number"),
        ('"\\ud800"', "unpaired surrogate"),
        ('{"\\udc00": 1}', "unpaired surrogate"),
        ("[" * 1000 + "]" * 1000, "nests deeper than 64 levels"),
        ('{"a": ' * 400 + '"\\u0000"' + "}" * 400, "nests deeper than 64 levels"),
    ],
)
def test_json_no_database_can_hold_is_400_with_its_reason(client, school, payload, reason):
    response = post(client, school, raw_envelope(payload))
    assert response.status_code == 400
    assert reason in response.json()["error"]
    assert not Event.objects.exists()


def test_a_nul_deep_inside_the_payload_costs_one_pass(client, school):
    import time

    body = raw_envelope('{"a\\u0000": ' * 60 + '"\\u0000"' + "}" * 60)
    started = time.monotonic()
    assert post(client, school, body).status_code == 200
    assert time.monotonic() - started < 1
    payload = Event.objects.get().payload["x"]
    for _ in range(59):
        payload = payload["a\ufffd"]
    assert payload == {"a\ufffd": "\ufffd"}


def test_a_delivery_skips_the_page_middleware_but_not_the_host_check(client, school, settings):
    response = post(client, school, envelope(event_id="m1"))
    assert response.status_code == 200
    # Added by the page middleware (clickjacking, htmx's Vary, the session's cookie).
    assert "X-Frame-Options" not in response
    assert "Vary" not in response
    assert not response.cookies
    settings.ALLOWED_HOSTS = ["portal.example.com"]
    assert post(client, school, envelope(event_id="m2")).status_code == 400
    assert not Event.objects.filter(event_id="m2").exists()


def test_other_urls_under_the_receiver_prefix_are_served_as_usual(client, school):
    assert client.post("/webhooks/in/not-a-uuid/").status_code == 404


def test_the_middleware_serves_the_receiver_where_the_site_mounts_it(school):
    path = reverse("webhooks:receive", args=[school.webhook_uuid])
    assert _receiver_routes.resolve(path).func is resolve(path).func


@pytest.mark.parametrize(
    "stamp", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00Z"]
)
def test_a_time_at_the_calendar_s_ends_is_stored_without_a_fault(client, school, stamp):
    """Past the calendar's ends once told in UTC, the moment is the calendar's end; the
    event is kept whole."""
    response = post(client, school, envelope(event_id="1", created_at=stamp))
    assert response.status_code == 200
    event = Event.objects.get(event_id="1")
    assert f'"created_at": "{stamp}"' in event.body
    end = datetime.min if stamp.startswith("0001") else datetime.max
    assert event.occurred_at == end.replace(tzinfo=UTC)
