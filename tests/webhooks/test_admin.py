import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from apps.connections.models import Connection
from apps.webhooks.models import Watch
from tests.webhooks.factories import event


@pytest.fixture
def admin_client(client, db):
    client.force_login(get_user_model().objects.create_superuser("root", "r@example.com", "pw"))
    return client


@pytest.fixture
def pottery(db):
    return Connection.objects.create(
        name="Pottery", slug="pottery", subdomain="pottery", api_key="p" * 32
    )


def test_events_are_listed_filtered_by_school_and_topic(admin_client, school, pottery):
    event(school, "order.created")
    event(school, "user.signup")
    event(pottery, "order.created")
    url = reverse("admin:webhooks_event_changelist")

    def shown(query):
        return admin_client.get(f"{url}?{query}").context_data["cl"].result_list

    assert len(shown("")) == 3
    assert [e.topic for e in shown(f"connection__id__exact={school.pk}")] == [
        "user.signup",
        "order.created",
    ]
    assert {e.connection for e in shown("topic=order.created")} == {school, pottery}
    page = admin_client.get(url).content.decode()
    assert "Order created" in page  # the topic filter offers the known topics
    assert "k" * 32 not in page and "p" * 32 not in page


def test_an_event_is_read_only_and_shows_no_secret(admin_client, school):
    stored = event(school, "order.created")
    assert admin_client.get(reverse("admin:webhooks_event_add")).status_code == 403
    change = reverse("admin:webhooks_event_change", args=[stored.pk])
    page = admin_client.get(change)
    assert page.status_code == 200
    html = page.content.decode()
    assert stored.event_id in html and "k" * 32 not in html
    assert 'name="_save"' not in html
    assert admin_client.post(change, {"event_id": "x"}).status_code == 403
    delete = reverse("admin:webhooks_event_delete", args=[stored.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403


def test_watches_are_listed_read_only(admin_client, school):
    watch = Watch.objects.create(connection=school, name="Sales", topics=["order.created"])
    page = admin_client.get(reverse("admin:webhooks_watch_changelist")).content.decode()
    assert "Sales" in page and "Order created" in page
    assert admin_client.get(reverse("admin:webhooks_watch_add")).status_code == 403
    change = reverse("admin:webhooks_watch_change", args=[watch.pk])
    assert admin_client.post(change, {"name": "Other"}).status_code == 403
    assert Watch.objects.get().name == "Sales"


def test_missed_events_and_watch_checks_are_listed_read_only(admin_client, school):
    from django.utils import timezone

    from apps.webhooks.models import MissedEvent, WatchCheck

    MissedEvent.objects.create(
        connection=school, topic="order.created", record_id=7, found_at=timezone.now()
    )
    WatchCheck.objects.create(
        connection=school, queued_at=timezone.now(), outcome="repaired", message="Put back."
    )
    missed = admin_client.get(reverse("admin:webhooks_missedevent_changelist")).content.decode()
    checks = admin_client.get(reverse("admin:webhooks_watchcheck_changelist")).content.decode()
    assert "order.created" in missed and "Put back." in checks
    assert admin_client.get(reverse("admin:webhooks_missedevent_add")).status_code == 403
    assert admin_client.get(reverse("admin:webhooks_watchcheck_add")).status_code == 403


def test_an_event_s_follow_up_shows_in_the_admin(admin_client, school):
    row = event(school)
    page = admin_client.get(reverse("admin:webhooks_event_change", args=[row.pk])).content.decode()
    assert "Follow-up" in page and "Pending" in page
