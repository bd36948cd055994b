"""The sandbox is mounted only when SANDBOX_ENABLED (the settings add the app and its URLs)."""

from django.conf import settings
from django.urls import resolve


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
