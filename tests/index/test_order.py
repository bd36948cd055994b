"""Events change index rows in order: never with a payload older than what a row reflects.

Deliveries come late, twice, and in any order (Thinkific documents neither an order nor
a retry policy). Whatever the order of arrival, each row ends as its newest event (or
read) says. Runs on SQLite and, with DATABASE_URL, on PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.index import events, records, storing
from apps.index.models import IndexedEnrollment, IndexedUser, SchoolIndex
from apps.thinkific.resources.users import User

pytestmark = pytest.mark.django_db

BASE = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
ARRIVED = BASE + timedelta(days=1)


@pytest.fixture
def indexed(school):
    SchoolIndex.objects.create(connection=school)
    events.forget(school.pk)
    yield school
    events.forget(school.pk)


def stamp(minutes: int) -> str:
    return (BASE + timedelta(minutes=minutes)).isoformat().replace("+00:00", "Z")


def enrollment(record_id: int, minutes: int, percent: int, topic="enrollment.progress") -> dict:
    """A delivery's parts: the topic, a whole payload, and when it happened."""
    return {
        "topic": topic,
        "occurred_at": BASE + timedelta(minutes=minutes),
        "payload": {
            "id": record_id,
            "user": {"id": 100 + minutes, "email": f"u{minutes}@example.com", "first_name": "U"},
            "course": {"id": 200 + minutes, "name": f"Course {minutes}"},
            "percentage_completed": f"{percent}.0",
            "activated_at": stamp(0),
            "completed_at": stamp(minutes),
            "expiry_date": stamp(minutes + 1000),
            "created_at": stamp(0),
            "updated_at": stamp(minutes),
            "free_trial": minutes % 2 == 0,
        },
    }


def user(record_id: int, minutes: int) -> dict:
    return {
        "topic": "user.updated",
        "occurred_at": BASE + timedelta(minutes=minutes),
        "payload": {
            "id": record_id,
            "first_name": f"Name{minutes}",
            "last_name": "Doe",
            "email": f"v{minutes}@example.com",
            "company": f"Company {minutes}",
            "roles": ["affiliate"] if minutes % 2 else [],
            "created_at": stamp(0),
        },
    }


def deliver(school, event: dict, received_at: datetime = ARRIVED) -> list[str]:
    return events.event_apply(
        connection_id=school.pk,
        topic=event["topic"],
        payload=event["payload"],
        occurred_at=event["occurred_at"],
        received_at=received_at,
    )


def row_of(event: dict) -> dict:
    """What the row says after this event alone."""
    if event["topic"].startswith("user."):
        return records.user_row(User.from_api(event["payload"]))
    return records.enrollment_from_event(
        event["payload"], completed=event["topic"] == "enrollment.completed"
    )


def stored(model, school, record_id: int, fields) -> dict:
    row = model.objects.get(connection=school, thinkific_id=record_id)
    return {name: getattr(row, name) for name in fields}


def test_progress_at_40_arriving_after_60_keeps_60(indexed):
    sixty = enrollment(7, minutes=20, percent=60)
    forty = enrollment(7, minutes=10, percent=40)

    assert deliver(indexed, sixty) == ["index: enrollment 7 added"]
    assert deliver(indexed, forty) == ["index: enrollment 7: stale, kept the newer row"]

    row = IndexedEnrollment.objects.get(connection=indexed, thinkific_id=7)
    assert row.percentage_completed == Decimal("0.6")
    assert row.as_of == sixty["occurred_at"]


def test_a_newer_event_says_what_it_changed(indexed):
    deliver(indexed, enrollment(7, minutes=10, percent=40))
    newer = enrollment(7, minutes=20, percent=60)
    newer["payload"].update(user={"id": 110}, course={"id": 210, "name": "Course 10"})

    (said,) = deliver(indexed, newer)

    assert said.startswith("index: enrollment 7 updated (progress 40% → 60%")
    assert deliver(indexed, newer) == ["index: enrollment 7 unchanged"]  # a redelivery


def test_the_record_s_own_updated_at_is_compared_where_both_have_one(indexed):
    deliver(indexed, enrollment(7, minutes=20, percent=60))
    late = enrollment(7, minutes=30, percent=40)
    late["payload"]["updated_at"] = stamp(5)  # happened later, but describes an older state

    assert deliver(indexed, late) == ["index: enrollment 7: stale, kept the newer row"]


def test_a_burst_of_week_old_redeliveries_changes_no_row_a_read_stored(indexed):
    read_at = timezone.now()
    rows = [
        {**row_of(enrollment(n, minutes=n, percent=50)), "user_name": f"Reader {n}"}
        for n in range(1, 51)
    ]
    storing.store(IndexedEnrollment, indexed.pk, rows, as_of=read_at)
    before = list(IndexedEnrollment.objects.order_by("thinkific_id").values())

    week_ago = read_at - timedelta(days=7)
    for n in range(1, 51):
        stale = enrollment(n, minutes=0, percent=5, topic="enrollment.created")
        stale["payload"]["user"] = {"id": 999, "email": "wrong@example.com"}
        stale["occurred_at"] = week_ago
        stale["payload"]["updated_at"] = week_ago.isoformat()
        assert deliver(indexed, stale, received_at=read_at + timedelta(minutes=1)) == [
            f"index: enrollment {n}: stale, kept the newer row"
        ]

    assert list(IndexedEnrollment.objects.order_by("thinkific_id").values()) == before


def test_a_read_older_than_an_applied_event_keeps_the_event_s_row_as_seen(indexed):
    read_started = BASE + timedelta(minutes=5)
    deliver(indexed, user(3, minutes=10))  # arrived while the read's page was on its way
    old = {**row_of(user(3, minutes=1)), "company": "From the read"}

    stored_at = timezone.now() + timedelta(seconds=1)
    storing.store(IndexedUser, indexed.pk, [old], as_of=read_started, seen_at=stored_at)

    row = IndexedUser.objects.get(connection=indexed, thinkific_id=3)
    assert row.company == "Company 10"
    assert row.seen_at == stored_at  # seen by the read: the end of a full pass keeps it


def test_a_newer_read_replaces_the_event_s_row(indexed):
    deliver(indexed, user(3, minutes=10))
    fresh = {**row_of(user(3, minutes=1)), "company": "From the read"}

    storing.store(IndexedUser, indexed.pk, [fresh], as_of=BASE + timedelta(minutes=11))

    assert IndexedUser.objects.get(thinkific_id=3).company == "From the read"


def test_a_date_far_ahead_is_not_believed(indexed):
    ahead = user(3, minutes=0)
    ahead["occurred_at"] = datetime(9999, 12, 31, tzinfo=UTC)
    deliver(indexed, ahead)

    row = IndexedUser.objects.get(thinkific_id=3)
    assert row.as_of == ARRIVED + events.CLOCK_TOLERANCE
    storing.store(IndexedUser, indexed.pk, [row_of(user(3, minutes=5))], as_of=timezone.now())
    assert IndexedUser.objects.get(thinkific_id=3).full_name == "Name5 Doe"


def test_a_write_of_the_portal_is_as_of_its_answer(indexed):
    from apps.index.listener import write_apply
    from apps.thinkific.apis import ADMIN_API
    from apps.thinkific.exchanges import Exchange

    deliver(indexed, user(3, minutes=10))
    before = timezone.now()
    write_apply(
        indexed.pk,
        Exchange(method="PUT", path="users/3", api=ADMIN_API, body={"company": "Written"}),
    )
    row = IndexedUser.objects.get(thinkific_id=3)
    assert row.company == "Written"
    assert row.as_of >= before
    assert deliver(indexed, user(3, minutes=20)) == ["index: user 3: stale, kept the newer row"]


# -- any order of arrival -----------------------------------------------------------------


@st.composite
def histories(draw):
    """Events (and reads) about two enrollments and two users, each at its own minute."""
    count = draw(st.integers(min_value=2, max_value=9))
    minutes = draw(st.lists(st.integers(1, 500), min_size=count, max_size=count, unique=True))
    items = []
    for minute in minutes:
        kind = draw(st.sampled_from(["enrollment", "user", "read"]))
        if kind == "enrollment":
            topic = draw(st.sampled_from(sorted(events.ENROLLMENT_TOPICS)))
            items.append(enrollment(draw(st.sampled_from([1, 2])), minute, minute % 101, topic))
        elif kind == "user":
            items.append(user(draw(st.sampled_from([1, 2])), minute))
        else:
            record_id = draw(st.sampled_from([1, 2]))
            if draw(st.booleans()):
                read = enrollment(record_id, minute, minute % 101)
            else:
                read = user(record_id, minute)
            items.append({**read, "topic": "read:" + read["topic"]})
    return items, draw(st.permutations(range(len(items))))


def arrive(school, item: dict) -> None:
    if item["topic"].startswith("read:"):
        event = {**item, "topic": item["topic"].removeprefix("read:")}
        model = IndexedUser if event["topic"].startswith("user.") else IndexedEnrollment
        storing.store(model, school.pk, [row_of(event)], as_of=event["occurred_at"])
    else:
        deliver(school, item)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
@given(history=histories())
def test_in_any_order_of_arrival_each_row_ends_as_its_newest_event_says(indexed, history):
    items, order = history
    IndexedUser.objects.filter(connection=indexed).delete()
    IndexedEnrollment.objects.filter(connection=indexed).delete()

    for position in order:
        arrive(indexed, items[position])

    newest: dict[tuple[str, int], dict] = {}
    for item in items:
        key = ("user" if "user." in item["topic"] else "enrollment", item["payload"]["id"])
        if key not in newest or item["occurred_at"] > newest[key]["occurred_at"]:
            newest[key] = item
    for (kind, record_id), item in newest.items():
        event = {**item, "topic": item["topic"].removeprefix("read:")}
        expected = row_of(event)
        model = IndexedUser if kind == "user" else IndexedEnrollment
        assert stored(model, indexed, record_id, expected) == expected, (kind, record_id)
        assert stored(model, indexed, record_id, ["as_of"]) == {"as_of": item["occurred_at"]}
