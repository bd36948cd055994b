"""What a read finds that the index was not told: the candidates for missed events."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from apps.index import changes, records, storing
from apps.index.models import IndexedEnrollment, IndexedUser

pytestmark = pytest.mark.django_db

LAST_READ = datetime(2026, 3, 5, 8, 0, tzinfo=UTC)
READ = LAST_READ + timedelta(minutes=5)
ENROLLMENTS, USERS, ORDERS = (records.BY_NAME[n] for n in ("enrollments", "users", "orders"))


def enrollment(record_id, *, percent="0.4", completed=False, created=LAST_READ - timedelta(days=3)):
    return {
        "thinkific_id": record_id,
        "user_id": 7,
        "user_email": "ada@example.com",
        "user_name": "Ada Lovelace",
        "course_id": 3,
        "course_name": "Baking",
        "percentage_completed": Decimal(percent),
        "completed": completed,
        "is_free_trial": False,
        "activated_at": created,
        "completed_at": READ if completed else None,
        "expiry_date": None,
        "created_at": created,
        "updated_at": LAST_READ + timedelta(minutes=2),
    }


def found(kind, school, rows, last_read=LAST_READ):
    return changes.found(kind, school.pk, rows, read_at=READ, last_read=last_read)


def test_nothing_before_a_first_read_of_the_list(school):
    assert found(ENROLLMENTS, school, [enrollment(1, created=READ)], last_read=None) == []


def test_records_created_since_the_last_read_are_new(school):
    fresh = enrollment(1, created=LAST_READ + timedelta(minutes=1))
    old = enrollment(2)
    (change,) = found(ENROLLMENTS, school, [fresh, old])
    assert (change.record_id, change.what, change.changed_at) == (1, "created", fresh["created_at"])
    assert records.enrollment_from_event(change.payload) == fresh  # the event it should have been


def test_progress_and_completion_that_the_index_did_not_learn(school):
    storing.store(IndexedEnrollment, school.pk, [enrollment(1), enrollment(2)], as_of=LAST_READ)
    read = [enrollment(1, percent="0.6"), enrollment(2, percent="1", completed=True)]

    found_now = {(c.record_id, c.what): c for c in found(ENROLLMENTS, school, read)}

    assert set(found_now) == {(1, "progress"), (2, "progress"), (2, "completed")}
    assert found_now[1, "progress"].summary == "progress 40% → 60%"
    assert found_now[1, "progress"].since == LAST_READ


def test_a_row_newer_than_the_read_is_left_alone(school):
    storing.store(IndexedEnrollment, school.pk, [enrollment(1)], as_of=READ + timedelta(seconds=1))
    assert found(ENROLLMENTS, school, [enrollment(1, percent="0.1")]) == []


def test_users_changed_by_name_or_email_but_not_by_what_events_leave_out(school):
    user = {
        "thinkific_id": 5,
        "first_name": "Ada",
        "last_name": "Lovelace",
        "full_name": "Ada Lovelace",
        "email": "ada@example.com",
        "company": "",
        "roles": [],
        "external_source": "",
        "created_at": LAST_READ - timedelta(days=9),
    }
    storing.store(IndexedUser, school.pk, [user], as_of=LAST_READ)
    assert found(USERS, school, [{**user, "company": "Analytical Engines"}]) == []
    (change,) = found(USERS, school, [{**user, "email": "ada@engines.example"}])
    assert (change.what, change.summary) == ("updated", "email changed")


def test_other_lists_have_no_events_to_miss(school):
    assert found(records.BY_NAME["courses"], school, [{"created_at": READ}]) == []
