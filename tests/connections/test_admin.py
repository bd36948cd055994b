import pytest
import responses
from django.contrib.auth import get_user_model
from django.urls import reverse

from apps.connections.models import Connection


@pytest.fixture
def admin_client(client, db):
    client.force_login(get_user_model().objects.create_superuser("root", "r@example.com", "pw"))
    return client


def change_url(school):
    return reverse("admin:connections_connection_change", args=[school.pk])


def form_data(school, **overrides):
    data = {
        "name": school.name,
        "slug": school.slug,
        "subdomain": school.subdomain,
        "auth_type": school.auth_type,
        "api_key": "",
        "oauth_client_id": "",
        "oauth_client_secret": "",
        "api_base_url": school.api_base_url,
        "oauth_base_url": "",
        "is_active": "on",
        "_save": "Save",
    }
    return {**data, **overrides}


def test_change_page_never_shows_a_secret_and_shows_the_receiver_url(admin_client, school):
    page = admin_client.get(change_url(school)).content.decode()

    assert "k" * 32 not in page
    assert "A value is stored" in page
    assert f"/webhooks/in/{school.webhook_uuid}/" in page


def test_blank_secret_keeps_the_stored_one(admin_client, school):
    response = admin_client.post(change_url(school), form_data(school, name="Renamed"))

    assert response.status_code == 302
    school.refresh_from_db()
    assert (school.name, school.api_key) == ("Renamed", "k" * 32)


def test_a_new_secret_replaces_the_stored_one(admin_client, school):
    admin_client.post(change_url(school), form_data(school, api_key="new-key"))
    school.refresh_from_db()
    assert school.api_key == "new-key"


def test_api_key_connection_needs_a_key(admin_client, db):
    response = admin_client.post(
        reverse("admin:connections_connection_add"),
        {
            "name": "New",
            "slug": "new",
            "subdomain": "new",
            "auth_type": "api_key",
            "api_base_url": "https://api.thinkific.com",
            "is_active": "on",
        },
    )

    assert response.status_code == 200
    assert "An API key is needed" in response.content.decode()
    assert not Connection.objects.filter(slug="new").exists()


@responses.activate
def test_check_connection_action_reports_each_school(admin_client, school, settings):
    settings.THINKIFIC_MAX_RETRY_WAIT = 0
    broken = Connection.objects.create(
        name="Broken",
        slug="broken",
        subdomain="broken",
        api_key="bad",
        api_base_url="https://api.thinkific.com",
    )
    responses.get(
        "https://api.thinkific.com/api/public/v1/users",
        status=401,
        json={"error": "Authentication Error"},
        match=[responses.matchers.header_matcher({"X-Auth-API-Key": "bad"})],
    )
    responses.get(
        "https://api.thinkific.com/api/public/v1/users",
        json={"items": [], "meta": {"pagination": {"total_items": 3, "current_page": 1}}},
    )

    response = admin_client.post(
        reverse("admin:connections_connection_changelist"),
        {"action": "check_connections", "_selected_action": [school.pk, broken.pk]},
        follow=True,
    )

    page = response.content.decode()
    assert "Baking School: Connected: the school has 3 users." in page
    assert "Broken: Bad credentials" in page
    assert "plan has no API access" in page


def test_list_searches_and_filters(admin_client, school):
    url = reverse("admin:connections_connection_changelist")
    assert "Baking School" in admin_client.get(url, {"q": "baking"}).content.decode()
    assert "Baking School" not in admin_client.get(url, {"q": "zzz"}).content.decode()
    assert admin_client.get(url, {"auth_type__exact": "oauth"}).status_code == 200
