"""Watches stay true: the schedule checks Thinkific's webhooks and repairs drift by itself."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from apps.connections.services import client_for
from apps.sandbox import models as sandbox
from apps.webhooks import services
from apps.webhooks.models import WatchCheck
from tests.conftest import grant
from tests.webhooks.sandbox import sandbox_school

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def school(live_server, settings):
    school = sandbox_school(live_server, settings, subdomain="drifting-academy", slug="drifting")
    _, result = services.watch_create(
        connection=school,
        client=client_for(school),
        name="Sales",
        topics=["order.created", "user.signup"],
    )
    assert result.ok, result.message
    return school


def on_sandbox(school) -> list[tuple[str, str]]:
    return sorted((w.topic, w.target_url) for w in client_for(school).webhooks.all())


def refresh() -> str:
    out = StringIO()
    call_command("webhooks_refresh", stdout=out)
    return out.getvalue()


def test_a_webhook_deleted_on_thinkific_is_put_back_by_the_scheduled_check(school):
    wanted = on_sandbox(school)
    sandbox.Webhook.objects.filter(topic="order.created").delete()  # by hand, on Thinkific
    assert on_sandbox(school) == [("user.signup", school.receiver_url)]

    assert "1 school(s)' webhooks to check." in refresh()

    assert on_sandbox(school) == wanted
    check = WatchCheck.objects.get()
    assert check.outcome == "repaired" and check.checked_at is not None
    assert check.repairs == ["Register order.created: Missing on Thinkific."]
    assert check.message == "Thinkific's webhooks updated (1 registered)."


def test_the_check_comes_once_a_period_and_finds_nothing_to_repair(school, settings):
    refresh()
    assert "0 school(s)' webhooks to check." in refresh()  # checked a moment ago
    assert WatchCheck.objects.get().outcome == "ok"

    later = timezone.now() - timedelta(minutes=settings.WATCHES_CHECK_EVERY_MINUTES, seconds=1)
    WatchCheck.objects.update(queued_at=later)
    sandbox.Webhook.objects.filter(topic="user.signup").update(
        target_url="https://elsewhere.example/hooks"  # changed by hand
    )
    assert "1 school(s)' webhooks to check." in refresh()
    latest = WatchCheck.objects.order_by("-queued_at").first()
    assert latest.outcome == "repaired"
    assert latest.repairs == ["Update user.signup: It delivers to https://elsewhere.example/hooks."]
    assert ("user.signup", school.receiver_url) in on_sandbox(school)


def test_the_watches_page_says_when_it_last_checked_and_what_it_repaired(
    school, client, django_user_model
):
    sandbox.Webhook.objects.filter(topic="order.created").delete()
    refresh()
    user = django_user_model.objects.create_user("watcher", password="pw-watcher-1")
    school.members.add(user)
    client.force_login(grant(user, "view_watches"))

    html = client.get("/s/drifting/watches/").content.decode()

    assert '<span class="badge warn">Repaired</span>' in html
    assert "last checked against these watches <strong>just now</strong>" in html
    assert "They are checked every 15 minutes" in html
    assert "Register order.created: Missing on Thinkific." in html
