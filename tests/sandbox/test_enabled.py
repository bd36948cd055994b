"""The sandbox is mounted only when SANDBOX_ENABLED (the settings add the app and its URLs)."""

import importlib

import pytest
from django.conf import settings
from django.urls import clear_url_caches, resolve

from thinkific_portal import urls as project_urls


def test_the_test_settings_enable_the_sandbox():
    assert settings.SANDBOX_ENABLED is True
    assert "apps.sandbox" in settings.INSTALLED_APPS


def test_the_api_is_reachable_under_sandbox(api):
    assert resolve("/sandbox/api/public/v1/users").namespace == "sandbox"
    assert api.get("users").status_code == 200


def test_api_views_need_no_portal_login_and_answer_json(client):
    response = client.get("/sandbox/api/public/v1/users")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"


def test_unknown_api_paths_are_json_404s(client):
    for path in ("api/public/v1/nothing", "api/v2/nothing/1", "api/v3/users"):
        response = client.get(f"/sandbox/{path}")
        assert (response.status_code, response.json()) == (404, {"error": "Not Found"})


@pytest.fixture
def urls_without_sandbox(settings):
    """The project's URLconf as built with SANDBOX_ENABLED off."""
    settings.SANDBOX_ENABLED = False
    importlib.reload(project_urls)
    clear_url_caches()
    yield
    settings.SANDBOX_ENABLED = True
    importlib.reload(project_urls)
    clear_url_caches()


def test_off_the_sandbox_is_not_there(client, school, urls_without_sandbox):
    headers = {"X-Auth-API-Key": school.api_key, "X-Auth-Subdomain": school.subdomain}
    assert client.get("/sandbox/api/public/v1/users", headers=headers).status_code == 404
    assert client.get(f"/sandbox/sites/{school.subdomain}/oauth2/authorize").status_code == 404
