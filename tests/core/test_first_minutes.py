"""A new staff member's first minutes: where the demo's password is, and a school's health
checked without anyone asking (never making the home wait on Thinkific)."""

import html
import io

import pytest
import responses
from django.contrib.auth import get_user_model
from django.core.management import call_command

from apps.connections.models import Connection
from apps.core.demo import DEMO_ADMIN

USERS = "https://api.thinkific.com/api/public/v1/users"
HTMX = {"HX-Request": "true"}
HEALTHY = {"items": [], "meta": {"pagination": {"total_items": 7}}}


def login_page(client) -> str:
    return html.unescape(client.get("/accounts/login/").content.decode())


def test_with_the_sandbox_the_log_in_page_says_where_the_demo_password_is(client, db, settings):
    settings.SANDBOX_ENABLED = True
    get_user_model().objects.create_superuser(DEMO_ADMIN, "admin@example.com", "pw-admin-123")

    page = login_page(client)

    assert f"Log in as <strong>{DEMO_ADMIN}</strong>" in page
    assert "printed by <code>make run</code>" in page
    assert f"<code>manage.py changepassword {DEMO_ADMIN}</code> sets a new one" in page


@pytest.mark.parametrize("sandbox, demo_admin", [(False, True), (True, False)])
def test_without_the_sandbox_or_its_admin_the_log_in_page_says_nothing_of_it(
    client, db, settings, sandbox, demo_admin
):
    settings.SANDBOX_ENABLED = sandbox
    if demo_admin:
        get_user_model().objects.create_superuser(DEMO_ADMIN, "admin@example.com", "pw-admin-12")

    page = login_page(client)

    assert "make run" not in page and "changepassword" not in page


def test_the_demo_setup_creates_the_admin_the_log_in_page_names(db, settings):
    settings.SANDBOX_ENABLED = False  # the admin only: no demo school
    call_command("demo_setup", stdout=io.StringIO())

    assert get_user_model().objects.get(username=DEMO_ADMIN).is_superuser


@responses.activate
def test_the_home_loads_its_health_after_itself_when_none_is_on_record(staff_client, school):
    page = staff_client.get("/s/baking/").content.decode()

    # The home itself asked Thinkific nothing: its health panel asks for itself.
    assert len(responses.calls) == 0
    assert 'hx-get="/s/baking/health/" hx-trigger="load"' in page
    assert "Not checked yet" in page


@responses.activate
def test_the_health_panel_checks_once_when_none_is_on_record(staff_client, school):
    responses.get(USERS, json=HEALTHY)

    first = staff_client.get("/s/baking/health/", headers=HTMX).content.decode()
    again = staff_client.get("/s/baking/health/", headers=HTMX).content.decode()
    home = staff_client.get("/s/baking/").content.decode()

    school.refresh_from_db()
    assert len(responses.calls) == 1  # then it is on record
    assert school.last_check_ok is True and "7 users" in school.last_check_message
    assert first.lstrip().startswith('<section class="card" id="health"') and "<html" not in first
    assert "Healthy" in first and "Healthy" in again
    assert "hx-get" not in first.split(">", 1)[0]  # it does not load itself again
    assert "/s/baking/health/" not in home and "Healthy" in home


@responses.activate
def test_a_failing_first_check_says_why(staff_client, school, settings):
    settings.THINKIFIC_MAX_RETRY_WAIT = 0
    responses.get(USERS, status=401, json={"error": "Authentication Error"})

    panel = staff_client.get("/s/baking/health/", headers=HTMX).content.decode()

    assert "Failing" in panel and "Bad credentials" in panel


def test_the_health_panel_without_htmx_goes_home(staff_client, school):
    Connection.objects.filter(pk=school.pk).update(last_check_ok=True)

    response = staff_client.get("/s/baking/health/")

    assert (response.status_code, response["Location"]) == (302, "/s/baking/")


def test_the_health_panel_is_the_schools_members_only(client, school, django_user_model):
    outsider = django_user_model.objects.create_user("out", "o@example.com", "pw-out-123")
    client.force_login(outsider)

    assert client.get("/s/baking/health/", headers=HTMX).status_code == 404
    assert Connection.objects.get(pk=school.pk).last_check_ok is None
