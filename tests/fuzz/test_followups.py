"""Any payload through the follow-up: stored, shown raw, followed up without a failure.

Deliveries are signed and well formed (the receiver's own fuzzing is beside this); what
their payloads hold is anything: the fields the index reads with any JSON in them, ids
past 64 bits, dates at the calendar's ends in any offset, percentages of any size.
"""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from apps.index import events as index_events
from apps.index.models import SchoolIndex
from apps.thinkific import signatures
from apps.webhooks import followups
from apps.webhooks.models import Event
from tests.fuzz.conftest import FUZZ, timed
from tests.fuzz.test_receiver_and_sandbox import JSON

EDGES = st.sampled_from(
    [
        2**63,
        -(2**63) - 1,
        2**70,
        "1e999",
        "-1e30",
        "NaN",
        "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59-01:00",
        "0001-01-01",
        "9999-12-31T23:59:59Z",
        "",
        [],
        {},
    ]
)
VALUE = EDGES | JSON
FIELDS = [
    "id",
    "user",
    "course",
    "course_id",
    "product_id",
    "product_name",
    "percentage_completed",
    "completed_at",
    "activated_at",
    "expiry_date",
    "created_at",
    "updated_at",
    "free_trial",
    "amount_cents",
    "amount_dollars",
    "coupon",
    "coupon_code",
    "status",
    "subscription",
    "first_name",
    "last_name",
    "email",
    "company",
    "roles",
    "name",
]
PERSON = st.fixed_dictionaries({}, optional={"id": VALUE, "email": VALUE, "first_name": VALUE})
PAYLOAD = st.dictionaries(st.sampled_from(FIELDS), VALUE | PERSON, max_size=len(FIELDS)).map(
    lambda payload: {"id": 5, **payload} if "id" not in payload else payload
)
TOPICS = [
    *sorted(index_events.INDEXED_TOPICS),
    *("course.created", "course.deleted", "product.updated", "lesson.completed"),
]


@FUZZ
@given(topic=st.sampled_from(TOPICS), payload=PAYLOAD, created_at=VALUE)
def test_any_payload_is_followed_up_without_a_failure(world, topic, payload, created_at):
    SchoolIndex.objects.get_or_create(connection=world.school)
    index_events.forget(world.school.pk)
    resource, _, action = topic.partition(".")
    envelope = {
        "id": f"fuzz-{Event.objects.count()}",
        "resource": resource,
        "action": action,
        "created_at": created_at,
        "payload": payload,
    }
    body = json.dumps(envelope, allow_nan=True).encode("utf-8", "surrogatepass")
    url = f"/webhooks/in/{world.school.webhook_uuid}/"
    headers = {"X-Thinkific-Hmac-Sha256": signatures.sign(body, world.school.webhook_secret)}
    answer = timed(
        "receiver, then follow-up",
        f"{topic} {body[:120]!r}",
        lambda: world.client.post(url, body, content_type="application/json", headers=headers),
    )
    if answer.status_code != 200:
        return  # refused whole (the receiver's own suite checks that nothing was written)

    followups.drain(connection_id=world.school.pk)

    event = Event.objects.get(connection=world.school, event_id=envelope["id"])
    assert event.followup == "done", event.followup_error
    page = timed(
        "event page after a follow-up",
        str(payload)[:120],
        lambda: world.client.get(f"/s/{world.school.slug}/activity/{event.pk}/"),
    )
    assert page.status_code == 200
