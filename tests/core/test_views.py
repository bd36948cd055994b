import pytest
import responses
from django.urls import reverse

from apps.connections.models import Connection
from apps.core.models import Preference
from tests.conftest import grant

USERS = "https://api.thinkific.com/api/public/v1/users"


def test_every_page_needs_a_login(client, school):
    for url in ("/", reverse("core:school_home", args=["baking"])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_login_page_renders(client, db):
    page = client.get(reverse("login")).content.decode()
    assert 'name="username"' in page
    assert "csrfmiddlewaretoken" in page


def test_home_goes_straight_to_the_only_school(staff_client, school):
    response = staff_client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/s/baking/"


def test_home_lists_several_schools(staff_client, staff, school):
    other = Connection.objects.create(name="Pottery", slug="pottery", subdomain="p", api_key="x")
    other.members.add(staff)
    page = staff_client.get("/").content.decode()
    assert "Baking School" in page
    assert "Pottery" in page


def test_school_home_shows_health_and_budget(staff_client, school):
    page = staff_client.get("/s/baking/").content.decode()
    assert "Baking School" in page
    assert "120 <small>of 120 requests left" in page
    assert "Not checked yet" in page
    assert 'hx-headers=\'{"X-CSRFToken"' in page


def test_another_schools_urls_answer_404(staff_client, school):
    Connection.objects.create(name="Secret", slug="secret", subdomain="s", api_key="x")
    assert staff_client.get("/s/secret/").status_code == 404
    assert staff_client.post("/s/secret/check/").status_code == 404


@responses.activate
def test_check_as_htmx_answers_the_health_fragment(staff_client, staff, school):
    grant(staff, "check_connection")
    responses.get(USERS, json={"items": [], "meta": {"pagination": {"total_items": 7}}})

    response = staff_client.post("/s/baking/check/", headers={"HX-Request": "true"})

    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<section class="card" id="health"')
    assert "Healthy" in page
    assert "<html" not in page


@responses.activate
def test_check_without_htmx_redirects_with_a_message(staff_client, staff, school, settings):
    grant(staff, "check_connection")
    settings.THINKIFIC_MAX_RETRY_WAIT = 0
    responses.get(USERS, status=401, json={"error": "Authentication Error"})

    response = staff_client.post("/s/baking/check/", follow=True)

    assert response.redirect_chain == [("/s/baking/", 302)]
    assert "Bad credentials" in response.content.decode()


def test_check_needs_post(staff_client, school):
    assert staff_client.get("/s/baking/check/").status_code == 405


@pytest.mark.parametrize("path", ["/s/baking/", "/"])
def test_pages_set_no_external_assets(staff_client, school, path):
    page = staff_client.get(path, follow=True).content.decode()
    assert "https://" not in page.replace("https://api.thinkific.com", "")


def test_the_time_zone_page_stores_the_choice(staff_client, staff):
    page = staff_client.get("/account/time-zone/")
    assert page.status_code == 200
    assert "The site&#x27;s default (UTC)" in page.content.decode()
    response = staff_client.post("/account/time-zone/", {"time_zone": "Europe/Paris"})
    assert response.status_code == 302
    assert Preference.objects.get(user=staff).time_zone == "Europe/Paris"
    assert "in Europe/Paris" in staff_client.get("/account/time-zone/").content.decode()


def test_the_time_zone_follows_the_user_to_a_new_session(client, staff):
    Preference.objects.create(user=staff, time_zone="Asia/Tokyo")
    client.force_login(staff)
    assert "in Asia/Tokyo" in client.get("/account/time-zone/").content.decode()


def test_an_unknown_time_zone_is_refused(staff_client, staff):
    response = staff_client.post("/account/time-zone/", {"time_zone": "Mars/Olympus"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Preference.objects.filter(user=staff).exists()


def test_the_account_menu_links_the_time_zone_page(staff_client, school):
    assert 'href="/account/time-zone/"' in staff_client.get("/s/baking/").content.decode()
