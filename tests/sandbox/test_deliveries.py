"""Signed webhook deliveries: envelope, headers, HMAC, retries with backoff, attempt log."""

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from apps.sandbox import models as m
from apps.sandbox.events import delivery
from apps.sandbox.events.delivery import BACKOFF, MAX_ATTEMPTS, deliver_pending
from apps.sandbox.services import oauth
from tests.sandbox import factories
from tests.sandbox.conftest import V2, Api

SIGNUP = {"first_name": "Ada", "last_name": "King", "email": "ada@example.com"}


def expected_signature(body: bytes, key: str) -> str:
    return hmac.new(key.encode(), body, hashlib.sha256).hexdigest()


@pytest.fixture
def hook(v2, receiver):
    """A user.signup webhook registered with the site API key, pointing at the receiver."""
    response = v2.post("webhooks", {"topic": "user.signup", "target_url": receiver.url})
    assert response.status_code == 201, response.content
    return m.Webhook.objects.get(pk=response.json()["id"])


def sign_up(api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert api.post("users", SIGNUP).status_code == 201


def test_a_signup_is_delivered_signed(
    api, school, hook, receiver, django_capture_on_commit_callbacks
):
    sign_up(api, django_capture_on_commit_callbacks)
    assert receiver.received == []  # queued, not sent during the request
    assert deliver_pending() == 1
    [request] = receiver.received
    body, headers = request["body"], request["headers"]
    assert headers["X-Thinkific-Hmac-Sha256"] == expected_signature(body, school.api_key)
    assert headers["X-Thinkific-Topic"] == "user.signup"
    assert headers["X-Thinkific-Subdomain"] == "test-academy"
    assert headers["Content-Type"] == "application/json"
    envelope = json.loads(body)
    assert list(envelope) == ["id", "resource", "action", "tenant_id", "created_at", "payload"]
    assert (envelope["resource"], envelope["action"]) == ("user", "signup")
    assert envelope["tenant_id"] == str(school.pk)
    assert envelope["created_at"].endswith("Z")
    assert envelope["payload"]["email"] == "ada@example.com"
    assert envelope["payload"]["roles"] == []
    assert envelope["id"] == m.Event.objects.get().pk
    row = m.Delivery.objects.get()
    assert (row.status, row.attempts, row.last_status_code) == ("succeeded", 1, 200)
    [attempt] = row.attempt_log.all()
    assert (attempt.number, attempt.status_code, attempt.succeeded) == (1, 200, True)


def test_the_delivery_is_a_queued_task(api, hook, receiver, django_capture_on_commit_callbacks):
    sign_up(api, django_capture_on_commit_callbacks)
    task = DBTaskResult.objects.get()
    assert task.task_path == "apps.sandbox.events.delivery.deliver"
    assert task.args_kwargs["args"] == [m.Delivery.objects.get().pk]
    # What db_worker does with it (the command itself closes the test's connection).
    task.task.call(*task.args_kwargs["args"], **task.args_kwargs["kwargs"])
    assert len(receiver.received) == 1
    assert m.Delivery.objects.get().status == "succeeded"


def test_nothing_is_queued_when_the_change_rolls_back(api, hook, receiver):
    # Without capturing on_commit callbacks the request's transaction never commits here.
    api.post("users", SIGNUP)
    assert not DBTaskResult.objects.exists()


def test_only_webhooks_of_that_topic_and_school(api, school, hook, receiver, v2, client):
    v2.post("webhooks", {"topic": "user.signin", "target_url": receiver.url})
    other = factories.school()
    Api(client, V2, {"Authorization": f"Bearer {other.api_key}"}).post(
        "webhooks", {"topic": "user.signup", "target_url": receiver.url}
    )
    api.post("users", SIGNUP)
    assert deliver_pending() == 1
    assert [r["headers"]["X-Thinkific-Topic"] for r in receiver.received] == ["user.signup"]


def test_webhooks_registered_with_oauth_are_signed_with_the_client_secret(
    client, api, school, receiver
):
    token = oauth._issue(school, code=None, with_refresh=True)["access_token"]
    bearer = Api(client, V2, {"Authorization": f"Bearer {token}"})
    assert (
        bearer.post("webhooks", {"topic": "user.signup", "target_url": receiver.url}).status_code
        == 201
    )
    api.post("users", SIGNUP)
    deliver_pending()
    [request] = receiver.received
    signature = request["headers"]["X-Thinkific-Hmac-Sha256"]
    assert signature == expected_signature(request["body"], school.oauth_client_secret)
    assert signature != expected_signature(request["body"], school.api_key)


def test_a_failed_delivery_is_retried_with_backoff(api, hook, receiver):
    receiver.statuses = [500, 503]
    api.post("users", SIGNUP)
    started = timezone.now()
    deliver_pending()
    row = m.Delivery.objects.get()
    assert (row.status, row.attempts, row.last_status_code) == ("retrying", 1, 500)
    assert started + BACKOFF[0] <= row.next_attempt_at <= timezone.now() + BACKOFF[0]
    assert deliver_pending() == 0  # not due yet
    deliver_pending(now=timezone.now() + BACKOFF[0])
    deliver_pending(now=timezone.now() + BACKOFF[0] + BACKOFF[1])
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_status_code) == ("succeeded", 3, 200)
    log = list(row.attempt_log.values_list("number", "status_code", "succeeded"))
    assert log == [(1, 500, False), (2, 503, False), (3, 200, True)]
    # Each retry is the same event, signed the same way.
    assert len({r["body"] for r in receiver.received}) == 1


def test_the_retry_is_a_task_scheduled_for_later(api, hook, receiver):
    receiver.statuses = [500]
    api.post("users", SIGNUP)
    deliver_pending()
    task = DBTaskResult.objects.get()
    assert task.run_after == m.Delivery.objects.get().next_attempt_at


def test_gives_up_after_the_last_attempt(api, hook, receiver):
    receiver.statuses = [500] * MAX_ATTEMPTS
    api.post("users", SIGNUP)
    later = timezone.now()
    for _ in range(MAX_ATTEMPTS + 2):
        later += timedelta(days=1)
        deliver_pending(now=later)
    row = m.Delivery.objects.get()
    assert (row.status, row.attempts, row.next_attempt_at) == ("failed", MAX_ATTEMPTS, None)
    assert len(receiver.received) == MAX_ATTEMPTS


def test_an_unreachable_target_is_logged(api, school, receiver):
    url = receiver.url
    receiver.server.shutdown()
    receiver.server.server_close()
    m.Webhook.objects.create(id="1" * 23, school=school, topic="user.signup", target_url=url)
    api.post("users", SIGNUP)
    deliver_pending()
    attempt = m.DeliveryAttempt.objects.get()
    assert attempt.status_code is None and not attempt.succeeded
    assert "ConnectionError" in attempt.error
    assert m.Delivery.objects.get().status == "retrying"


def test_with_the_immediate_backend_deliveries_run_after_commit(
    settings, api, hook, receiver, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    receiver.statuses = [500]
    sign_up(api, django_capture_on_commit_callbacks)
    assert len(receiver.received) == 1
    row = m.Delivery.objects.get()
    # This backend cannot defer: the retry waits in the table for deliver_pending().
    assert row.status == "retrying" and row.next_attempt_at is not None
    deliver_pending(now=row.next_attempt_at)
    assert m.Delivery.objects.get().status == "succeeded"


def test_a_deleted_webhook_stops_receiving(api, v2, hook, receiver):
    receiver.statuses = [500]
    api.post("users", SIGNUP)
    deliver_pending()
    v2.delete(f"webhooks/{hook.pk}")
    deliver_pending(now=timezone.now() + timedelta(days=1))
    assert len(receiver.received) == 1  # the retry was dropped
    assert m.Delivery.objects.get().status == "failed"
    api.post("users", {**SIGNUP, "email": "bob@example.com"})
    assert deliver_pending() == 0
    assert m.Event.objects.count() == 2  # events are still stored


def test_the_attempt_is_claimed_once(api, hook, receiver):
    api.post("users", SIGNUP)
    row = m.Delivery.objects.get()
    assert delivery.attempt(row.pk) == "succeeded"
    assert delivery.attempt(row.pk) == "done"
    assert len(receiver.received) == 1
