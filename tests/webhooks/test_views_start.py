"""The school home's "Get started" panel: a new school's watches and index, one click
each, until both are done."""

import html

import pytest
from django.test import Client
from django.utils import timezone

from apps.index.models import SchoolIndex
from apps.webhooks.models import Watch
from apps.webhooks.services import STARTER_WATCH
from apps.webhooks.topics import STARTER_NAMES
from tests.conftest import grant
from tests.webhooks.fake_thinkific import webhooks_api

HX = {"HX-Request": "true"}
PANEL = "/s/baking/get-started/"


@pytest.fixture
def api():
    with webhooks_api() as fake:
        yield fake


@pytest.fixture
def starter(staff):
    return grant(staff, "add_watches", "view_watches", "check_connection")


def panel(client) -> str:
    response = client.get(PANEL, headers=HX)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_the_home_loads_the_panel_and_a_new_school_is_offered_both_steps(
    staff_client, starter, school
):
    home = staff_client.get("/s/baking/").content.decode()
    offered = panel(staff_client)

    assert f'hx-get="{PANEL}" hx-trigger="load"' in home
    assert "Get started" in offered and "<html" not in offered
    assert 'action="/s/baking/watches/start/"' in offered
    assert 'action="/s/baking/index/sync/"' in offered
    assert offered.count('name="csrfmiddlewaretoken"') == 2
    assert ">Watch the school's events</button>" in offered
    assert ">Build the index</button>" in offered


def test_each_step_is_one_click_and_the_panel_goes_once_both_are_done(
    staff_client, starter, school, api
):
    api.serve("GET", "POST")

    watched = staff_client.post("/s/baking/watches/start/")
    halfway = panel(staff_client)
    built = staff_client.post("/s/baking/index/sync/")
    done = staff_client.get(PANEL, headers=HX)

    watch = Watch.objects.get(connection=school)
    assert (watched.status_code, watched["Location"]) == (302, "/s/baking/")
    assert (watch.name, tuple(watch.topics)) == (STARTER_WATCH, STARTER_NAMES)
    assert sorted(api.by_topic()) == sorted(STARTER_NAMES)
    assert "/watches/start/" not in halfway and "The school's watches" in halfway
    assert 'action="/s/baking/index/sync/"' in halfway
    assert built.status_code == 302
    assert SchoolIndex.objects.get(connection=school).lease_until is not None
    assert (done.status_code, done.content) == (200, b"")
    assert staff_client.get(PANEL)["Location"] == "/s/baking/"  # without HTMX: the home


def test_a_built_index_counts_as_done(staff_client, starter, school):
    SchoolIndex.objects.create(connection=school, ready_at=timezone.now())

    offered = panel(staff_client)

    assert "/index/sync/" not in offered and "Started" in offered
    assert "/watches/start/" in offered


def test_a_school_that_has_watches_gets_no_second_one(staff_client, starter, school, api):
    Watch.objects.create(connection=school, name="Sales", topics=["order.created"])

    response = staff_client.post("/s/baking/watches/start/", follow=True)

    assert list(Watch.objects.values_list("name", flat=True)) == ["Sales"]
    assert "This school has watches already" in response.content.decode()


def test_without_the_permissions_the_steps_have_no_buttons(staff_client, staff, school):
    offered = panel(staff_client)

    assert "<button" not in offered
    assert "Someone allowed to add watches can do this." in offered
    assert staff_client.post("/s/baking/watches/start/").status_code == 403
    assert staff_client.post("/s/baking/index/sync/").status_code == 403
    assert not Watch.objects.exists()


def test_the_panel_is_the_schools_members_only(client, school, django_user_model):
    outsider = django_user_model.objects.create_user("out", "o@example.com", "pw-out-123")
    client.force_login(grant(outsider, "add_watches", "check_connection"))

    assert client.get(PANEL, headers=HX).status_code == 404
    assert client.post("/s/baking/watches/start/").status_code == 404


def test_the_click_needs_the_csrf_token(starter, school):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(starter)

    assert browser.post("/s/baking/watches/start/").status_code == 403
    assert not Watch.objects.exists()


def test_the_start_needs_a_post(staff_client, starter, school):
    assert staff_client.get("/s/baking/watches/start/").status_code == 405
