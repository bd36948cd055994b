import io

import pytest
import responses
from django.core.management import call_command

from apps.connections.models import Connection
from apps.connections.services import client_for
from apps.webhooks.models import Registration, Watch
from apps.webhooks.tasks import webhooks_sync_later
from tests.webhooks.fake_thinkific import BASE, webhooks_api
from tests.webhooks.sandbox import IMMEDIATE_TASKS


def test_the_task_registers_the_watches(school, settings):
    settings.TASKS = IMMEDIATE_TASKS
    Watch.objects.create(connection=school, name="W", topics=["order.created"])
    with webhooks_api("GET", "POST") as api:
        result = webhooks_sync_later.enqueue(school.pk)
    assert result.return_value == "Thinkific's webhooks updated (1 registered)."
    assert api.by_topic() == {"order.created": [school.receiver_url]}


def test_the_task_tries_again_later_while_thinkific_is_unreachable(school, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.THINKIFIC_MAX_RETRY_WAIT = 0
    Watch.objects.create(connection=school, name="W", topics=["order.created"])
    backend = webhooks_sync_later.get_backend()
    with responses.RequestsMock() as mock:
        mock.add(responses.GET, BASE, status=503, json={})
        webhooks_sync_later.func(school.pk, attempt=1)
    (retry,) = backend.results
    assert retry.args == [school.pk, 2] and retry.task.run_after is not None
    assert Registration.objects.get().state == "failed"


@pytest.mark.live
@pytest.mark.django_db(transaction=True)
def test_make_runs_demo_school_gets_watches_registered_on_the_sandbox(live_server, settings):
    port = int(live_server.url.rsplit(":", 1)[1])
    settings.PUBLIC_BASE_URL = f"http://127.0.0.1:{port}"
    settings.TASKS = IMMEDIATE_TASKS
    call_command("demo_setup", port=port, stdout=io.StringIO())
    school = Connection.objects.get(slug="demo")

    assert sorted(Watch.objects.values_list("name", flat=True)) == [
        "Sales and enrollments",
        "Students",
    ]
    topics = sorted(w.topic for w in client_for(school).webhooks.all())
    assert topics == sorted({name for watch in Watch.objects.all() for name in watch.topics})
    Watch.objects.filter(name="Students").delete()
    again = io.StringIO()
    call_command("demo_setup", port=port, stdout=again)  # keeps what staff changed
    assert list(Watch.objects.values_list("name", flat=True)) == ["Sales and enrollments"]
    assert len(list(client_for(school).webhooks.all())) == 4
    assert "(make run RESET=1 rebuilds its records)" in again.getvalue()  # in make's words
    reset = io.StringIO()
    call_command("demo_setup", port=port, reset=True, stdout=reset)
    assert "Seeded 'Demo Academy'" in reset.getvalue()
