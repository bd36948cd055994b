"""Behaviour found missing in review: each test fails without its fix."""

import pytest
import responses
from django.core.checks import run_checks
from django.urls import NoReverseMatch, reverse

from apps.connections.models import Connection
from apps.thinkific import errors
from tests.conftest import grant

USERS = "https://api.thinkific.com/api/public/v1/users"


def test_a_school_without_credentials_still_shows_its_home(staff_client, school):
    school.auth_type = Connection.AuthType.OAUTH
    school.save()
    page = staff_client.get("/s/baking/")
    assert page.status_code == 200
    assert "Baking School" in page.content.decode()


@responses.activate
def test_checking_needs_its_permission(staff_client, staff, school):
    responses.get(USERS, json={"items": [], "meta": {"pagination": {"total_items": 3}}})
    assert staff_client.post("/s/baking/check/").status_code == 403
    assert "Check connection" not in staff_client.get("/s/baking/").content.decode()

    grant(staff, "check_connection")
    assert staff_client.post("/s/baking/check/").status_code == 302
    assert "Check connection" in staff_client.get("/s/baking/").content.decode()


def test_htmx_404_and_403_come_as_an_alert_for_the_error_box(staff_client, school):
    Connection.objects.create(name="Other", slug="other", subdomain="other", api_key="x")
    response = staff_client.get("/s/other/", headers={"HX-Request": "true"})
    assert response.status_code == 404
    assert response["HX-Retarget"] == "#page-errors"
    assert "<html" not in response.content.decode()

    response = staff_client.post("/s/baking/check/", headers={"HX-Request": "true"})
    assert response.status_code == 403
    assert "You do not have permission" in response.content.decode()


def test_full_page_404_and_403_use_the_portals_layout(staff_client, school):
    page = staff_client.get("/s/nowhere/")
    assert page.status_code == 404
    assert "Your schools" in page.content.decode()
    page = staff_client.post("/s/baking/check/")
    assert page.status_code == 403
    assert "An administrator can grant it" in page.content.decode()


def test_an_expired_session_reloads_htmx_requests_at_the_login(client, school):
    response = client.get(
        "/s/baking/",
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/s/baking/users/"},
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/accounts/login/?next=%2Fs%2Fbaking%2Fusers%2F"


def test_the_school_switcher_works_without_javascript(staff_client, staff, school):
    other = Connection.objects.create(name="Other", slug="other", subdomain="o", api_key="x")
    other.members.add(staff)
    assert staff_client.get("/", {"school": "other"})["Location"] == "/s/other/"
    secret = Connection.objects.create(name="Secret", slug="secret", subdomain="s", api_key="x")
    assert staff_client.get("/", {"school": secret.slug}).status_code == 200
    assert staff_client.get("/", {"school": "https://evil.example/"}).status_code == 200


@pytest.mark.parametrize(
    ("method", "never_connected", "expected"),
    [
        ("POST", False, "may have saved this anyway"),
        ("POST", True, "Try again in a moment"),
        ("GET", False, "Try again in a moment"),
    ],
)
def test_a_timed_out_write_warns_against_repeating_it(method, never_connected, expected):
    from apps.core.upstream import error_wording

    exc = errors.NetworkError("Thinkific did not answer in time.", never_connected=never_connected)
    assert expected in error_wording(exc, method=method)[2]


def test_only_login_logout_and_password_change_are_routed(client, db):
    for unrouted in ("password_reset", "password_reset_done"):
        with pytest.raises(NoReverseMatch):
            reverse(unrouted)
    assert client.get("/accounts/password_reset/").status_code == 404
    assert client.get(reverse("login")).status_code == 200


def test_csrf_failures_explain_themselves(school, staff):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(staff)
    response = strict.post("/s/baking/check/")
    assert response.status_code == 403
    assert "This form expired" in response.content.decode()


def test_the_sandbox_is_refused_on_an_https_production_site(settings):
    settings.SANDBOX_ENABLED, settings.HTTPS, settings.DEBUG = True, True, False
    assert "portal.E001" in [message.id for message in run_checks()]
    settings.HTTPS = False
    assert "portal.E001" not in [message.id for message in run_checks()]


GOOD_KEY = "8u3jLqRmP2rWc1kNl2Zr6yq9m3X7bYz1hQp4vT0sE5A="


@pytest.mark.parametrize("keys", [["notakey"], [GOOD_KEY, "x"]])
def test_a_malformed_encryption_key_fails_the_checks(settings, keys):
    settings.ENCRYPTION_KEYS = keys
    assert "portal.E003" in [message.id for message in run_checks()]
    settings.ENCRYPTION_KEYS = [GOOD_KEY]
    assert "portal.E003" not in [message.id for message in run_checks()]


def test_an_http_public_base_url_fails_check_deploy_in_production(settings):
    settings.DEBUG = False
    settings.PUBLIC_BASE_URL = "http://portal.example.com"
    assert "portal.E004" in [m.id for m in run_checks(include_deployment_checks=True)]
    settings.PUBLIC_BASE_URL = "https://portal.example.com"
    assert "portal.E004" not in [m.id for m in run_checks(include_deployment_checks=True)]
    settings.DEBUG, settings.PUBLIC_BASE_URL = True, "http://127.0.0.1:8000"
    assert "portal.E004" not in [m.id for m in run_checks(include_deployment_checks=True)]
