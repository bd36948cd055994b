from datetime import timedelta

import pytest
import responses
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from apps.connections.models import Connection
from apps.connections.services import client_for
from apps.webhooks import retention, services, sync, tasks
from apps.webhooks.models import Event, Registration, Watch
from tests.webhooks.fake_thinkific import BASE, webhooks_api


@pytest.fixture
def api():
    """Strict: each test serves the methods it expects (`api.serve`), nothing else."""
    with webhooks_api() as fake:
        yield fake


@pytest.fixture
def client(school):
    return client_for(school)


def registrations(school):
    return {
        r.topic: (r.state, r.webhook_id) for r in Registration.objects.filter(connection=school)
    }


def test_saving_a_watch_registers_one_webhook_per_topic(api, school, client):
    api.serve("GET", "POST")
    watch, result = services.watch_create(
        connection=school, client=client, name="Sales", topics=["user.signup", "order.created"]
    )

    assert result.ok and result.message == "Thinkific's webhooks updated (2 registered)."
    assert watch.topics == ["order.created", "user.signup"]  # the catalogue's order
    assert api.writes() == [
        ("POST", "/api/v2/webhooks", {"topic": "order.created", "target_url": school.receiver_url}),
        ("POST", "/api/v2/webhooks", {"topic": "user.signup", "target_url": school.receiver_url}),
    ]
    assert {state for state, _ in registrations(school).values()} == {"registered"}
    assert {hook_id for _, hook_id in registrations(school).values()} == set(api.hooks)


def test_editing_moves_a_webhook_to_the_new_topic(api, school, client):
    api.serve("GET", "POST", "PUT")
    watch, _ = services.watch_create(
        connection=school, client=client, name="W", topics=["order.created"]
    )
    hook_id = registrations(school)["order.created"][1]
    api.calls.clear()

    result = services.watch_update(watch=watch, client=client, name="W", topics=["user.signup"])

    assert result.ok
    assert api.writes() == [
        (
            "PUT",
            f"/api/v2/webhooks/{hook_id}",
            {"topic": "user.signup", "target_url": school.receiver_url},
        )
    ]
    assert registrations(school) == {"user.signup": ("registered", hook_id)}


def test_watches_sharing_a_topic_share_its_webhook(api, school, client):
    api.serve("GET", "POST", "DELETE")
    first, _ = services.watch_create(
        connection=school, client=client, name="A", topics=["order.created"]
    )
    services.watch_create(
        connection=school, client=client, name="B", topics=["order.created", "user.signup"]
    )
    assert api.by_topic() == {
        "order.created": [school.receiver_url],
        "user.signup": [school.receiver_url],
    }

    services.watch_delete(watch=first, client=client)
    assert set(api.by_topic()) == {"order.created", "user.signup"}  # B still wants both

    services.watch_delete(watch=Watch.objects.get(name="B"), client=client)
    assert api.hooks == {}
    assert not Registration.objects.exists()


def test_webhooks_of_other_integrations_are_left_alone(api, school, client):
    api.serve("GET", "POST", "DELETE")
    api.add("order.created", "https://hooks.zapier.com/abc")
    watch, _ = services.watch_create(
        connection=school, client=client, name="W", topics=["order.created"]
    )
    services.watch_delete(watch=watch, client=client)
    assert api.by_topic() == {"order.created": ["https://hooks.zapier.com/abc"]}


def test_sync_repairs_drift(api, school, client):
    api.serve("GET", "PUT", "DELETE")
    Watch.objects.create(connection=school, name="W", topics=["order.created", "user.signup"])
    stale = api.add(
        "order.created", "http://old-host/webhooks/in/" + str(school.webhook_uuid) + "/"
    )
    api.add("order.created", school.receiver_url)  # a duplicate
    api.add("lead.created", school.receiver_url)  # nobody wants it: reused for user.signup

    result = services.webhooks_sync(connection=school, client=client)

    assert result.ok
    assert sorted(kind for kind, *_ in [(s.kind,) for s in result.done]) == ["delete", "update"]
    assert stale not in api.hooks
    assert api.by_topic() == {
        "order.created": [school.receiver_url],
        "user.signup": [school.receiver_url],
    }
    assert services.webhooks_sync(connection=school, client=client).done == []


def test_credentials_that_cannot_use_the_webhooks_api_mean_manual_setup(api, school, client):
    api.serve("GET")
    api.fail_with = (401, {"error": "Authentication Error"})
    _, result = services.watch_create(
        connection=school, client=client, name="W", topics=["order.created"]
    )
    assert result.manual and not result.ok
    assert "add them by hand" in result.message
    assert registrations(school) == {"order.created": ("manual", "")}


def test_a_refused_webhook_is_recorded_with_thinkifics_words(api, school, client, settings):
    api.serve("GET", "POST")
    settings.PUBLIC_BASE_URL = "ftp://nowhere"
    _, result = services.watch_create(
        connection=school, client=client, name="W", topics=["order.created"]
    )
    assert result.failed == {"order.created": "url is not valid"}
    row = Registration.objects.get()
    assert (row.state, row.message) == ("failed", "url is not valid")
    assert Watch.objects.exists()  # the watch itself is kept


def test_an_outage_keeps_the_watch_and_says_so(school, settings):
    settings.THINKIFIC_MAX_RETRY_WAIT = 0
    client = client_for(school)
    with responses.RequestsMock() as mock:
        mock.add(responses.GET, BASE, status=503, json={"error": "down"})
        _, result = services.watch_create(
            connection=school, client=client, name="W", topics=["order.created"]
        )
    assert result.error and "not brought up to date" in result.message
    assert registrations(school) == {"order.created": ("failed", "")}


def test_one_sync_per_school_at_a_time(api, school, client):
    cache.add(f"webhooks:sync:{school.pk}", "someone-else", 60)
    result = services.webhooks_sync(connection=school, client=client)
    assert "under way" in result.message
    assert api.calls == []


def test_purge_removes_only_old_events_of_every_school(school):
    other = Connection.objects.create(name="O", slug="o", subdomain="o", api_key="k" * 32)
    now = timezone.now()
    for n, (connection, age) in enumerate(
        [(school, 1), (school, 89), (school, 91), (school, 400), (other, 2), (other, 95)]
    ):
        event = Event.objects.create(connection=connection, event_id=str(n), topic="t.x")
        Event.objects.filter(pk=event.pk).update(received_at=now - timedelta(days=age))

    assert retention.events_purge(older_than_days=90, batch=1) == 3
    assert sorted(Event.objects.values_list("event_id", flat=True)) == ["0", "1", "4"]


def test_purge_command_uses_the_retention_setting(school, settings, capsys):
    settings.WEBHOOK_EVENT_RETENTION_DAYS = 30
    event = Event.objects.create(connection=school, event_id="1", topic="order.created")
    Event.objects.filter(pk=event.pk).update(received_at=timezone.now() - timedelta(days=31))
    call_command("purge_events")
    assert "Removed 1 event older than 30 days." in capsys.readouterr().out
    assert not Event.objects.exists()


DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_a_sync_asked_for_while_one_runs_is_queued_to_run_after_it(api, school, client, settings):
    from apps.webhooks.tasks import webhooks_sync_later

    settings.TASKS = DUMMY_TASKS
    cache.add(f"webhooks:sync:{school.pk}", "someone-else", 60)
    before = timezone.now()
    first = services.webhooks_sync(connection=school, client=client)
    second = services.webhooks_sync(connection=school, client=client)

    assert first.queued and not first.ok and "follows in a moment" in first.message
    assert second.queued
    (queued,) = webhooks_sync_later.get_backend().results  # one is enough for both
    assert queued.args == [school.pk]
    assert queued.task.run_after > before
    assert api.calls == []


def test_the_queued_sync_registers_the_watch_saved_meanwhile(api, school, client, settings):
    api.serve("GET", "POST")
    from apps.webhooks.tasks import webhooks_sync_later

    settings.TASKS = DUMMY_TASKS
    cache.add(f"webhooks:sync:{school.pk}", "someone-else", 60)
    _, result = services.watch_create(
        connection=school, client=client, name="W", topics=["order.created"]
    )
    assert result.queued and api.by_topic() == {}
    cache.delete(f"webhooks:sync:{school.pk}")  # the running sync ends
    (queued,) = webhooks_sync_later.get_backend().results
    webhooks_sync_later.func(*queued.args)
    assert api.by_topic() == {"order.created": [school.receiver_url]}
    assert cache.get(tasks.queued_key(school.pk)) is None  # the next change queues anew


def test_while_the_shared_cache_is_unreachable_a_sync_waits_for_it(api, school, client, settings):
    from apps.webhooks.tasks import webhooks_sync_later

    settings.TASKS = DUMMY_TASKS
    dead = "redis://127.0.0.1:1/0"  # in each process's memory, two syncs could both lock
    settings.CACHES = {"default": {"BACKEND": "apps.core.cache.SharedCache", "LOCATION": dead}}
    _, result = services.watch_create(
        connection=school, client=client, name="W", topics=["order.created"]
    )
    assert result.queued and api.calls == []
    (queued,) = webhooks_sync_later.get_backend().results
    assert queued.args == [school.pk]


def test_the_lock_outlasts_one_request_at_its_worst_and_is_renewed(school, client, monkeypatch):
    from apps.thinkific.client import MAX_ATTEMPTS

    t = client.timeouts
    lock = sync._SyncLock(school, client)
    assert lock.seconds > MAX_ATTEMPTS * (t.connect + t.read) + t.max_retry_wait
    assert lock.acquire()
    touched = []
    monkeypatch.setattr(cache, "touch", lambda key, seconds: touched.append((key, seconds)))
    lock.renew()
    assert touched == []  # just taken
    now = sync.time.monotonic()
    monkeypatch.setattr(sync.time, "monotonic", lambda: now + lock.seconds / 2)
    lock.renew()
    assert touched == [(lock.key, lock.seconds)]


def test_a_watch_name_taken_meanwhile_is_a_domain_error_not_a_500(api, school, client):
    Watch.objects.create(connection=school, name="Sales", topics=["order.created"])
    with pytest.raises(services.WatchNameTakenError):
        services.watch_create(connection=school, client=client, name="Sales", topics=["x"])
    other = Watch.objects.create(connection=school, name="Other", topics=["order.created"])
    with pytest.raises(services.WatchNameTakenError):
        services.watch_update(watch=other, client=client, name="Sales", topics=["x"])
    assert other.name == "Other"
    assert Watch.objects.count() == 2 and api.calls == []
