import pytest
import responses
from django.urls import reverse

from apps.connections.models import Connection


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


@pytest.mark.parametrize(
    "subdomain", ["evil.example/#", "evil.example", "my school", "-school", "school-", "a@b"]
)
def test_a_subdomain_that_could_name_another_host_is_refused(admin_client, school, subdomain):
    response = admin_client.post(change_url(school), form_data(school, subdomain=subdomain))

    assert response.status_code == 200
    assert "Lower-case letters, digits and hyphens only" in response.content.decode()
    assert Connection.objects.get(pk=school.pk).subdomain == "baking-school"


def test_a_subdomain_is_kept_in_lower_case(admin_client, school):
    admin_client.post(change_url(school), form_data(school, subdomain=" My-School2 "))
    assert Connection.objects.get(pk=school.pk).subdomain == "my-school2"


@pytest.mark.parametrize("field", ["api_base_url", "oauth_base_url"])
def test_plain_http_urls_are_refused_in_production(admin_client, school, settings, field):
    settings.DEBUG = False
    settings.SANDBOX_ENABLED = False
    data = form_data(school, **{field: "http://10.0.0.1:6379"})

    response = admin_client.post(change_url(school), data)

    assert response.status_code == 200
    assert "Thinkific is reached over https only." in response.content.decode()
    assert getattr(Connection.objects.get(pk=school.pk), field) != "http://10.0.0.1:6379"


def test_plain_http_urls_are_allowed_with_the_sandbox(admin_client, school, settings):
    settings.SANDBOX_ENABLED = True
    data = form_data(school, api_base_url="http://127.0.0.1:8000/sandbox/api")

    assert admin_client.post(change_url(school), data).status_code == 302
    assert Connection.objects.get(pk=school.pk).api_base_url.startswith("http://127.0.0.1")


def test_a_stored_secret_can_be_cleared(admin_client, school):
    data = form_data(
        school,
        auth_type="oauth",
        oauth_client_id="cid",
        oauth_client_secret="the-secret",
        clear_api_key="on",
    )

    assert admin_client.post(change_url(school), data).status_code == 302

    school.refresh_from_db()
    assert (school.api_key, school.oauth_client_secret) == ("", "the-secret")


def test_clearing_and_typing_a_secret_at_once_is_refused(admin_client, school):
    data = form_data(school, api_key="new-key", clear_api_key="on")

    response = admin_client.post(change_url(school), data)

    assert response.status_code == 200
    assert "not both" in response.content.decode()
    assert Connection.objects.get(pk=school.pk).api_key == "k" * 32


def test_secrets_are_hidden_from_error_reports(admin_client, school):
    response = admin_client.post(change_url(school), form_data(school, api_key="new-key"))

    assert set(response.wsgi_request.sensitive_post_parameters) == {
        "api_key",
        "oauth_client_secret",
    }


def test_help_texts_with_angle_brackets_are_shown_as_written(admin_client, school):
    page = admin_client.get(change_url(school)).content.decode()
    assert "Blank: https://&lt;subdomain&gt;.thinkific.com." in page
    assert "https://.thinkific.com" not in page


def test_an_api_key_connection_offers_no_oauth_connect(admin_client, school):
    school.oauth_client_id = "client-id"
    school.save()
    page = admin_client.get(change_url(school)).content.decode()
    assert reverse("connections:oauth_connect", args=[school.pk]) not in page
    assert "For OAuth-app connections" in page
    assert "js/connection_admin.js" in page  # hides the other auth type's fields


def test_the_admin_links_the_favicon(admin_client, db):
    assert (
        'rel="icon" href="/static/img/favicon.svg"' in admin_client.get("/admin/").content.decode()
    )


@responses.activate
def test_a_new_connection_is_checked_once_saved(
    admin_client, db, django_capture_on_commit_callbacks
):
    responses.get(
        "https://api.thinkific.com/api/public/v1/users",
        json={"items": [], "meta": {"pagination": {"total_items": 5, "current_page": 1}}},
        match=[responses.matchers.header_matcher({"X-Auth-API-Key": "the-key"})],
    )
    data = {
        "name": "New School",
        "slug": "new",
        "subdomain": "new-school",
        "auth_type": "api_key",
        "api_key": "the-key",
        "api_base_url": "https://api.thinkific.com",
        "is_active": "on",
        "_save": "Save",
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:connections_connection_add"), data)

    school = Connection.objects.get(slug="new")
    assert response.status_code == 302
    assert (school.last_check_ok, school.last_check_message) == (
        True,
        "Connected: the school has 5 users.",
    )


@responses.activate
def test_a_new_key_is_checked_and_a_new_name_is_not(
    admin_client, school, django_capture_on_commit_callbacks
):
    responses.get(
        "https://api.thinkific.com/api/public/v1/users",
        status=401,
        json={"error": "Authentication Error"},
    )

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(change_url(school), form_data(school, name="Renamed"))
    renamed = Connection.objects.get(pk=school.pk)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(change_url(school), form_data(school, api_key="wrong-key"))
    rekeyed = Connection.objects.get(pk=school.pk)

    assert renamed.last_check_ok is None
    assert (rekeyed.last_check_ok, rekeyed.last_check_message[:16]) == (False, "Bad credentials:")
    assert len(responses.calls) == 1
