"""Missed events: changes a read found, checked against the deliveries received."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from apps.history.models import Entry
from apps.index.changes import Change
from apps.webhooks import followups, missed, services
from apps.webhooks.models import Event, MissedEvent, Watch
from tests.conftest import grant
from tests.webhooks.factories import event

pytestmark = pytest.mark.django_db

READ = timezone.now().replace(microsecond=0)
EARLIER = READ - timedelta(minutes=30)


@pytest.fixture
def watching(school):
    topics = ["enrollment.created", "enrollment.progress", "order.created", "user.signup"]
    Watch.objects.create(connection=school, name="All", topics=topics)
    return school


def change(record_id, what="progress", kind="enrollments", **extra) -> Change:
    values = {
        "kind": kind,
        "record_id": record_id,
        "what": what,
        "since": EARLIER,
        "changed_at": READ - timedelta(minutes=5),
        "payload": {"id": record_id, "percentage_completed": "60.0", "course": {"name": "B"}},
        "summary": "progress 40% → 60%",
        **extra,
    }
    return Change(**values)


def report(school, *changes) -> list[MissedEvent]:
    missed.on_records_changed(connection_id=school.pk, read_at=READ, changes=list(changes))
    return list(MissedEvent.objects.filter(connection=school).order_by("pk"))


def delivered(school, topic, record_id, *, at):
    row = event(school, topic, id=record_id)
    Event.objects.filter(pk=row.pk).update(occurred_at=at)
    return row


def test_a_change_with_no_delivery_since_is_missed(watching):
    delivered(watching, "enrollment.progress", 1, at=EARLIER - timedelta(minutes=1))  # before
    delivered(watching, "enrollment.progress", 2, at=EARLIER + timedelta(minutes=1))  # since

    report(watching, change(1), change(2))

    (found,) = MissedEvent.objects.all()
    assert (found.topic, found.record_id, found.found_at) == ("enrollment.progress", 1, READ)
    assert found.summary == "progress 40% → 60%"


def test_a_new_record_is_told_by_its_creation_whenever_it_came(watching):
    row = event(watching, "order.created", id="3")  # an id given as a string
    Event.objects.filter(pk=row.pk).update(occurred_at=EARLIER - timedelta(days=2))

    report(watching, change(3, "created", "orders"), change(4, "created", "orders"))

    assert list(MissedEvent.objects.values_list("topic", "record_id")) == [("order.created", 4)]


def test_a_trial_is_missed_as_a_trial_and_only_topics_watched_count(watching):
    trial = change(5, "created", payload={"id": 5, "free_trial": True})
    report(watching, trial, change(6, "completed"), change(7, "updated", "users"))
    assert not MissedEvent.objects.exists()  # enrollment.trial, .completed, user.updated unwatched

    Watch.objects.create(connection=watching, name="Trials", topics=["enrollment.trial"])
    report(watching, trial)
    assert list(MissedEvent.objects.values_list("topic", flat=True)) == ["enrollment.trial"]


def test_the_same_change_found_twice_is_one(watching):
    report(watching, change(1))
    report(watching, change(1))
    assert MissedEvent.objects.count() == 1


def test_a_reconstructed_event_does_not_count_as_a_delivery(watching):
    row = delivered(watching, "enrollment.progress", 1, at=READ)
    Event.objects.filter(pk=row.pk).update(reconstructed=True)
    report(watching, change(1))
    assert MissedEvent.objects.count() == 1


def test_a_delivery_that_comes_late_takes_the_missed_event_off(watching):
    report(watching, change(1))
    late = event(watching, "enrollment.progress", id=1)

    followups.drain(connection_id=watching.pk)

    late.refresh_from_db()
    assert late.changes == ["missed: 1 missed event(s) of this record delivered late"]
    found = MissedEvent.objects.get()
    assert found.event == late and found.late
    assert services.missed_event_store(missed=found) is None


def test_storing_a_missed_event_makes_one_reconstructed_event(
    watching, django_capture_on_commit_callbacks
):
    (found,) = report(watching, change(1))
    with django_capture_on_commit_callbacks(execute=True):
        stored = services.missed_event_store(missed=found)
    assert services.missed_event_store(missed=found) is None

    assert (stored.topic, stored.resource, stored.action) == (
        "enrollment.progress",
        "enrollment",
        "progress",
    )
    assert stored.reconstructed and stored.event_id == f"missed-{found.pk}"
    assert stored.occurred_at == found.changed_at and stored.payload == found.payload
    assert stored.followup == "pending"
    (entry,) = Entry.objects.filter(resource="events")  # on record, once
    assert (entry.resource, entry.record_id, entry.action) == ("events", str(stored.pk), "create")
    assert entry.changes == [["topic", None, "enrollment.progress"], ["record", None, 1]]
    followups.drain(connection_id=watching.pk)
    stored.refresh_from_db()
    assert stored.followup == "done" and stored.changes == []  # no index, nothing settled


# -- the pages -------------------------------------------------------------------------------


def test_the_watches_page_counts_deliveries_and_missed_events_per_topic(
    staff_client, staff, watching
):
    grant(staff, "view_watches")
    event(watching, "enrollment.progress", id=1)
    report(watching, change(2), change(3, "created", "orders"))

    html = staff_client.get("/s/baking/watches/").content.decode()

    assert "Deliveries and missed events" in html
    progress = html.split("Enrollment progress</span></td>")[1].split("</tr>")[0]
    assert progress.count("1 delivered") == 2 and progress.count(">1 missed</a>") == 2
    assert 'href="/s/baking/watches/missed/?topic=order.created">1 missed</a>' in html
    orders = html.split("Order created</span></td>")[1].split("</tr>")[0]
    assert orders.count("0 delivered") == 2


def test_the_missed_list_and_storing_from_it(staff_client, staff, watching):
    grant(staff, "view_watches", "replay_events", "view_events")
    first, second = report(watching, change(1), change(3, "created", "orders"))

    html = staff_client.get("/s/baking/watches/missed/?topic=order.created").content.decode()
    assert f'id="missed-{second.pk}"' in html and f'id="missed-{first.pk}"' not in html

    response = staff_client.post("/s/baking/watches/missed/", {"missed": first.pk})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.event.reconstructed
    page = staff_client.get("/s/baking/watches/missed/").content.decode()
    assert "1 missed event(s) stored as events." in page
    assert f'href="/s/baking/activity/{first.event.pk}/">Stored as an event' in page

    staff_client.post("/s/baking/watches/missed/?topic=order.created")
    assert Event.objects.filter(reconstructed=True).count() == 2
    feed = staff_client.get("/s/baking/activity/").content.decode()
    assert feed.count("From a re-read") == 2


def test_storing_needs_the_permission_and_the_csrf_token(staff_client, staff, watching):
    grant(staff, "view_watches")
    (found,) = report(watching, change(1))
    assert staff_client.post("/s/baking/watches/missed/", {"missed": found.pk}).status_code == 403
    allowed = grant(staff, "view_watches", "replay_events")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(allowed)
    assert browser.post("/s/baking/watches/missed/", {"missed": found.pk}).status_code == 403
    assert not Event.objects.filter(reconstructed=True).exists()


def test_the_missed_list_needs_the_watches_permission(staff_client, watching):
    assert staff_client.get("/s/baking/watches/missed/").status_code == 403
