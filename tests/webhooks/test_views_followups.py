"""Staff see each event's follow-up, the failed ones, and retry them (with the permission)."""

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from apps.connections.models import Connection
from apps.webhooks.models import Event
from tests.conftest import grant
from tests.webhooks.factories import event

HX = {"HX-Request": "true"}


def failed(school, **payload) -> Event:
    row = event(school, "enrollment.progress", **payload)
    Event.objects.filter(pk=row.pk).update(
        followup="failed",
        followup_attempts=5,
        followup_error="RuntimeError: the index is out to lunch",
        followup_at=timezone.now(),
    )
    return row


@pytest.fixture
def viewer(staff):
    return grant(staff, "view_events")


@pytest.fixture
def replayer(staff):
    return grant(staff, "view_events", "replay_events")


def test_an_event_s_page_shows_what_its_follow_up_changed(staff_client, viewer, school):
    row = event(school, "enrollment.progress")
    Event.objects.filter(pk=row.pk).update(
        followup="done",
        followup_attempts=1,
        followup_changes="index: enrollment 97472 updated (progress 40% → 60%)",
        followup_at=timezone.now(),
    )

    html = staff_client.get(f"/s/baking/activity/{row.pk}/").content.decode()

    assert '<span class="badge ok">Done</span>' in html
    assert "<li>index: enrollment 97472 updated (progress 40% → 60%)</li>" in html
    assert "Retry the follow-up" not in html


def test_a_failed_follow_up_shows_its_error_and_a_retry_to_those_allowed(
    staff_client, replayer, school
):
    row = failed(school)

    html = staff_client.get(f"/s/baking/activity/{row.pk}/").content.decode()

    assert '<span class="badge bad">Failed</span>' in html
    assert "RuntimeError: the index is out to lunch" in html
    assert "none by itself: it failed 5 times" in html
    assert f'action="/s/baking/activity/{row.pk}/retry/"' in html


def test_the_feed_links_to_the_failed_follow_ups_only_when_there_are_some(
    staff_client, viewer, school
):
    event(school)
    assert "Failed follow-ups" not in staff_client.get("/s/baking/activity/").content.decode()
    failed(school)
    html = staff_client.get("/s/baking/activity/").content.decode()
    assert 'href="/s/baking/activity/failed/">Failed follow-ups' in html


def test_the_failed_list_holds_only_this_school_s_failures(staff_client, replayer, school):
    other = Connection.objects.create(name="O", slug="o", subdomain="o", api_key="o" * 32)
    ours = failed(school, id=1)
    failed(other, id=2)
    done = event(school, "enrollment.created")

    html = staff_client.get("/s/baking/activity/failed/").content.decode()

    assert f'id="event-{ours.pk}"' in html
    assert html.count('<tr id="event-') == 1 and f'id="event-{done.pk}"' not in html
    assert "RuntimeError: the index is out to lunch" in html
    assert f'action="/s/baking/activity/{ours.pk}/retry/"' in html


def test_the_failed_list_needs_the_feed_s_permission(staff_client, staff, school):
    assert staff_client.get("/s/baking/activity/failed/").status_code == 403


def test_the_failed_list_without_the_retry_permission_has_no_buttons(staff_client, viewer, school):
    row = failed(school)
    html = staff_client.get("/s/baking/activity/failed/").content.decode()
    assert f'id="event-{row.pk}"' in html and "/retry/" not in html


def test_retry_queues_the_follow_up_again_and_comes_back(
    staff_client, replayer, school, django_capture_on_commit_callbacks
):
    row = failed(school)

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            f"/s/baking/activity/{row.pk}/retry/", {"next": "/s/baking/activity/failed/"}
        )

    assert response.status_code == 302 and response.url == "/s/baking/activity/failed/"
    row.refresh_from_db()
    assert (row.followup, row.followup_attempts, row.followup_error) == ("pending", 0, "")
    assert row.followup_due_at is not None
    (task,) = DBTaskResult.objects.filter(task_path__endswith="followup_retry")
    assert task.args_kwargs["args"] == [row.pk]
    page = staff_client.get(response.url).content.decode()
    assert "is queued again" in page


def test_retry_sends_htmx_to_the_page_and_never_off_site(staff_client, replayer, school):
    row = failed(school)
    response = staff_client.post(
        f"/s/baking/activity/{row.pk}/retry/", {"next": "https://evil.example/"}, headers=HX
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"/s/baking/activity/{row.pk}/"


def test_retry_of_a_follow_up_that_did_not_fail_changes_nothing(staff_client, replayer, school):
    row = event(school)
    response = staff_client.post(f"/s/baking/activity/{row.pk}/retry/")
    assert response.status_code == 302
    assert Event.objects.get(pk=row.pk).followup == "pending"
    assert not DBTaskResult.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_retry_needs_the_permission_and_a_post(staff_client, viewer, school, method):
    row = failed(school)
    response = getattr(staff_client, method)(f"/s/baking/activity/{row.pk}/retry/")
    assert response.status_code == (405 if method == "get" else 403)
    assert Event.objects.get(pk=row.pk).followup == "failed"


def test_retry_needs_the_csrf_token(replayer, school):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(replayer)
    row = failed(school)
    assert browser.post(f"/s/baking/activity/{row.pk}/retry/").status_code == 403
    assert Event.objects.get(pk=row.pk).followup == "failed"


def test_another_school_s_event_is_not_found(staff_client, replayer, school):
    other = Connection.objects.create(name="O", slug="o", subdomain="o", api_key="o" * 32)
    theirs = failed(other)
    assert staff_client.post(f"/s/baking/activity/{theirs.pk}/retry/").status_code == 404
    assert Event.objects.get(pk=theirs.pk).followup == "failed"
