"""Events keep the index fresh: a delivery's payload updates its row, with no call.

The follow-up runs at once here (the immediate task backend): the receiver's wake-up,
the drain and the index are all on the way from the delivery to the row.
"""

import json
import time
from itertools import count

import pytest
import requests

from apps.index.models import IndexedEnrollment, IndexedName, IndexedOrder, IndexedUser
from apps.thinkific import signatures
from tests.webhooks.sandbox import IMMEDIATE_TASKS

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _follow_up_at_once(settings):
    settings.TASKS = IMMEDIATE_TASKS


_ids = count(1)


def deliver(live_server, school, topic: str, payload: dict) -> float:
    """Deliver a signed event over real HTTP; the seconds until the receiver answered."""
    resource, _, action = topic.partition(".")
    body = json.dumps(
        {"id": f"ev-{next(_ids)}", "resource": resource, "action": action, "payload": payload}
    ).encode()
    started = time.monotonic()
    answer = requests.post(
        f"{live_server.url}/webhooks/in/{school.webhook_uuid}/",
        data=body,
        headers={
            "Content-Type": "application/json",
            "X-Thinkific-Hmac-Sha256": signatures.sign(body, school.webhook_secret),
        },
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    return started


def eventually(condition, timeout: float = 1.0):
    """The condition's value once true, within `timeout` seconds (or fail)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            assert value
            return value
        time.sleep(0.01)


def test_a_user_updated_event_changes_the_row_within_a_second(live_server, indexed_school):
    row = IndexedUser.objects.filter(connection=indexed_school).first()
    payload = {
        "id": row.thinkific_id,
        "first_name": "Grace",
        "last_name": "Hopper",
        "email": "grace@example.com",
        "company": "Navy",
        "roles": [],
    }
    deliver(live_server, indexed_school, "user.updated", payload)
    eventually(
        lambda: IndexedUser.objects.filter(pk=row.pk, full_name="Grace Hopper", company="Navy")
    )
    assert "grace@example.com" in IndexedUser.objects.get(pk=row.pk).search


def test_order_and_enrollment_events_add_and_update_their_rows(live_server, indexed_school):
    user = IndexedUser.objects.filter(connection=indexed_school).first()
    person = {"id": user.thinkific_id, "email": user.email, "first_name": "A", "last_name": "B"}
    order = {
        "id": 990001,
        "amount_cents": 4900,
        "product_id": 5,
        "product_name": "Baking",
        "status": "Complete",
        "created_at": "2026-01-02T03:04:05Z",
        "user": person,
        "coupon": {"code": "SPRING"},
    }
    deliver(live_server, indexed_school, "order.created", order)
    stored = eventually(lambda: IndexedOrder.objects.filter(thinkific_id=990001).first())
    assert (stored.amount_cents, stored.coupon_code, stored.user_id) == (
        4900,
        "SPRING",
        user.thinkific_id,
    )

    enrollment = IndexedEnrollment.objects.filter(connection=indexed_school).first()
    progress = {"id": enrollment.thinkific_id, "percentage_completed": "40.0", "user": person}
    deliver(live_server, indexed_school, "enrollment.progress", progress)
    row = eventually(
        lambda: IndexedEnrollment.objects.filter(pk=enrollment.pk, percentage_completed=0.4).first()
    )
    assert row.course_name == enrollment.course_name  # what the event does not say is kept


def test_a_deleted_course_leaves_the_names(live_server, indexed_school):
    course = IndexedName.objects.filter(connection=indexed_school, kind="course").first()
    deliver(live_server, indexed_school, "course.deleted", {"id": course.thinkific_id})
    eventually(lambda: not IndexedName.objects.filter(pk=course.pk).exists())


def test_an_event_changes_only_its_own_school_s_rows(live_server, indexed_school):
    from apps.connections.models import Connection

    other = Connection.objects.create(
        name="Other",
        slug="other",
        subdomain="other",
        api_key="k" * 32,
        api_base_url=live_server.url + "/sandbox",
    )
    from apps.index.sync import index_of

    index_of(other)
    row = IndexedUser.objects.filter(connection=indexed_school).first()
    payload = {"id": row.thinkific_id, "first_name": "Intruder", "email": "x@example.com"}
    deliver(live_server, other, "user.updated", payload)
    eventually(lambda: IndexedUser.objects.filter(connection=other, full_name="Intruder"))
    assert IndexedUser.objects.get(pk=row.pk).full_name == row.full_name
