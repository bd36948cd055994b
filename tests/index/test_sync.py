"""Full passes, resuming, deletion and re-reads against the sandbox over real HTTP."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.connections.services import client_for
from apps.index import sync
from apps.index.models import (
    IndexedEnrollment,
    IndexedName,
    IndexedOrder,
    IndexedUser,
    SchoolIndex,
)
from apps.index.selectors import progress
from apps.sandbox import models as sandbox
from tests.index.conftest import sync_all

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


def sandbox_school():
    return sandbox.School.objects.get(subdomain="index-academy")


def test_a_full_pass_copies_every_list_in_the_fewest_calls(indexed_school):
    index = indexed_school.index
    school = sandbox_school()
    assert index.is_ready and not index.is_syncing
    for model, upstream in [
        (IndexedUser, sandbox.User),
        (IndexedOrder, sandbox.Order),
        (IndexedEnrollment, sandbox.Enrollment),
    ]:
        assert model.objects.filter(connection=indexed_school).count() == (
            upstream.objects.filter(school=school).count()
        )
    assert IndexedName.objects.filter(connection=indexed_school, kind="course").count() == (
        sandbox.Course.objects.filter(school=school).count()
    )
    assert index.calls == 8  # every list fits one page of 250 here: one call per list
    ada = client_for(indexed_school).users.list(limit=1).items[0]
    row = IndexedUser.objects.get(connection=indexed_school, thinkific_id=ada.id)
    assert (row.email, row.full_name) == (ada.email, ada.name)


def test_a_pass_stopped_midway_goes_on_from_its_page(live_server, settings, monkeypatch):
    from tests.users.sandbox import sandbox_school as seed

    settings.INDEX_SLICE_SECONDS = 0  # one page per slice
    settings.THINKIFIC_RATE_LIMIT = 100_000
    monkeypatch.setattr(sync, "MAX_LIMIT", 10)  # 30 users: 3 pages
    school = seed(live_server, subdomain="index-academy", users=30, slug="index")
    index = sync.index_of(school)
    while not index.progress.get("users", {}).get("done"):  # up to users' first page
        assert sync.index_work(index_id=index.pk, token="first").continue_in == 0
        index.refresh_from_db()
    assert index.progress["users"]["page"] == 2 and not index.progress["users"].get("finished")
    assert IndexedUser.objects.filter(connection=school).count() == 10
    shown = progress(school)
    assert (shown.stage, shown.done, shown.total, shown.minutes_left) == ("users", 10, 30, 1)

    # The first task died: another takes over once its lease has run out.
    assert sync.index_work(index_id=index.pk, token="second").message.startswith("Another")
    SchoolIndex.objects.filter(pk=index.pk).update(lease_until=timezone.now())
    while sync.index_work(index_id=index.pk, token="second").continue_in is not None:
        pass
    index.refresh_from_db()
    assert index.is_ready
    assert IndexedUser.objects.filter(connection=school).count() == 30
    assert index.progress["users"]["done"] == 30  # no page was read twice


def test_records_deleted_on_thinkific_leave_at_the_next_pass(indexed_school):
    gone = sandbox.User.objects.filter(school=sandbox_school()).order_by("pk").first()
    gone.delete()  # with its enrollments and orders, as Thinkific does

    index = sync_all(indexed_school, force=True)

    assert index.calls == 8
    assert not IndexedUser.objects.filter(connection=indexed_school, thinkific_id=gone.pk).exists()
    assert not IndexedEnrollment.objects.filter(connection=indexed_school, user_id=gone.pk).exists()


def test_changed_enrollments_are_re_read_by_updated_after(indexed_school, settings):
    settings.INDEX_ENROLLMENTS_EVERY_MINUTES = 0
    changed = sandbox.Enrollment.objects.filter(user__school=sandbox_school()).first()
    changed.percentage_completed = "0.5"
    changed.updated_at = timezone.now() + timedelta(seconds=1)
    changed.save()
    before = SchoolIndex.objects.get(connection=indexed_school)
    assert sync.due(before) == "enrollments"

    index = sync_all(indexed_school)

    row = IndexedEnrollment.objects.get(connection=indexed_school, thinkific_id=changed.pk)
    assert float(row.percentage_completed) == 0.5
    assert index.last_full_at == before.last_full_at  # no full pass for it
    assert index.enrollments_through > before.enrollments_through


def test_deleting_a_school_purges_its_index(indexed_school):
    assert IndexedUser.objects.filter(connection=indexed_school).exists()
    indexed_school.delete()
    for model in (IndexedUser, IndexedOrder, IndexedEnrollment, IndexedName, SchoolIndex):
        assert not model.objects.exists()


def test_the_portal_s_own_writes_update_their_rows(indexed_school):
    client = client_for(indexed_school)
    created = client.users.create(first_name="Zora", last_name="Neale", email="zora@example.com")
    assert IndexedUser.objects.get(
        connection=indexed_school, thinkific_id=created.id
    ).full_name == ("Zora Neale")
    client.users.update(created.id, first_name="Zoe", company="Harlem Press")
    row = IndexedUser.objects.get(connection=indexed_school, thinkific_id=created.id)
    assert (row.full_name, row.company) == ("Zoe Neale", "Harlem Press")
    assert "harlem press" in row.search
    client.users.delete(created.id)
    assert not IndexedUser.objects.filter(thinkific_id=created.id).exists()


def test_the_school_home_tells_the_progress_and_starts_a_sync(client, indexed_school):
    from django.contrib.auth import get_user_model

    from tests.conftest import grant

    person = get_user_model().objects.create_user("home", "home@example.com", "pw-home-123")
    indexed_school.members.add(person)
    client.force_login(grant(person, "check_connection"))
    page = client.get("/s/index/index/").content.decode()
    assert "can be searched, sorted and filtered" in page and "8 calls" in page
    assert client.post("/s/index/index/sync/").status_code == 302
    index = SchoolIndex.objects.get(connection=indexed_school)
    assert index.lease_token and sync.due(index) == "full"
    assert client.get("/s/index/index/sync/").status_code == 405
