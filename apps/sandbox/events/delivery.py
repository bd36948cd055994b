"""Delivering events: a signed POST per webhook, retried with backoff, every attempt logged.

Each attempt is a django-tasks task; a failed one schedules the next as a new task with
`run_after`. Backends that cannot defer (the immediate backend of some tests) leave the
retry due in the table, where `deliver_pending()` finds it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from datetime import datetime, timedelta

import requests
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from apps.sandbox import models as m
from apps.sandbox.events.envelope import envelope

logger = logging.getLogger(__name__)

Status = m.Delivery.Status
OPEN = (Status.PENDING, Status.RETRYING)
# Waits after attempt 1, 2, ...; after the last one the delivery is given up.
BACKOFF = (
    timedelta(seconds=15),
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
TIMEOUT = (3.05, 10)  # connect, read (seconds)
USER_AGENT = "Thinkific-Sandbox-Webhooks/1.0"


def sign(body: bytes, key: str) -> str:
    """Thinkific's X-Thinkific-Hmac-Sha256: hex HMAC-SHA256 of the raw body."""
    return hmac.new(key.encode(), body, hashlib.sha256).hexdigest()


def signing_key(webhook: m.Webhook, school: m.School) -> str:
    if webhook.signing == m.Webhook.Signing.OAUTH:
        return school.oauth_client_secret
    return school.api_key


def body_of(event: m.Event) -> bytes:
    return json.dumps(envelope(event), separators=(",", ":")).encode()


@task()
def deliver(delivery_id: int) -> str:
    """The task: one attempt at one delivery."""
    return attempt(delivery_id)


def enqueue(delivery_id: int, *, run_after: datetime | None = None) -> None:
    job = deliver
    if run_after is not None:
        if not job.get_backend().supports_defer:
            return  # left due in the table for deliver_pending()
        job = job.using(run_after=run_after)
    job.enqueue(delivery_id)


def deliver_pending(*, now: datetime | None = None, school: m.School | None = None) -> int:
    """Attempt, here and now, every delivery due by `now`; returns how many were attempted.

    For tests and for catching up without a worker; a future `now` forces the retries.
    """
    due = m.Delivery.objects.filter(status__in=OPEN, next_attempt_at__lte=now or timezone.now())
    if school is not None:
        due = due.filter(school=school)
    ids = list(due.order_by("pk").values_list("pk", flat=True))
    for delivery_id in ids:
        attempt(delivery_id, now=now)
    return len(ids)


def attempt(delivery_id: int, *, now: datetime | None = None) -> str:
    """POST the event once; record the attempt; schedule a retry or finish."""
    delivery = (
        m.Delivery.objects.select_related("event__school", "webhook")
        .filter(pk=delivery_id, status__in=OPEN)
        .first()
    )
    if delivery is None:
        return "done"
    if delivery.webhook is None:  # deleted since the event: nothing more is sent
        m.Delivery.objects.filter(pk=delivery.pk).update(
            status=Status.FAILED, next_attempt_at=None, updated_at=timezone.now()
        )
        return "dropped"
    # Claim this attempt: a twin task for the same attempt finds the count moved on.
    claimed = m.Delivery.objects.filter(pk=delivery.pk, attempts=delivery.attempts).update(
        attempts=F("attempts") + 1, next_attempt_at=None
    )
    if not claimed:
        return "taken"
    number = delivery.attempts + 1
    result = _post(delivery)
    m.DeliveryAttempt.objects.create(delivery=delivery, number=number, **result)
    now = now or timezone.now()
    if result["succeeded"]:
        status, next_at = Status.SUCCEEDED, None
    elif number >= MAX_ATTEMPTS:
        status, next_at = Status.FAILED, None
    else:
        status, next_at = Status.RETRYING, now + BACKOFF[number - 1]
    m.Delivery.objects.filter(pk=delivery.pk).update(
        status=status,
        next_attempt_at=next_at,
        last_status_code=result["status_code"],
        updated_at=timezone.now(),
    )
    if next_at is not None:
        enqueue(delivery.pk, run_after=next_at)
    return status


def _post(delivery: m.Delivery) -> dict:
    event = delivery.event
    school = event.school
    body = body_of(event)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Thinkific-Hmac-Sha256": sign(body, signing_key(delivery.webhook, school)),
        "X-Thinkific-Topic": event.topic,
        "X-Thinkific-Subdomain": school.subdomain,
    }
    started = time.monotonic()
    result = {"status_code": None, "succeeded": False, "error": "", "response_body": ""}
    try:
        response = requests.post(
            delivery.target_url, data=body, headers=headers, timeout=TIMEOUT, allow_redirects=False
        )
    except requests.RequestException as exc:
        result["error"] = f"{type(exc).__name__}: {exc}"[:500]
        logger.info("sandbox delivery %s failed: %s", delivery.pk, type(exc).__name__)
    else:
        result["status_code"] = response.status_code
        result["succeeded"] = 200 <= response.status_code < 300
        result["response_body"] = response.text[:500]
    result["duration_ms"] = round((time.monotonic() - started) * 1000)
    return result
