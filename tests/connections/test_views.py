from urllib.parse import parse_qs, urlsplit

import responses
from django.urls import reverse

from apps.connections.models import Connection


@responses.activate
def test_connect_and_callback_store_tokens(admin_client, oauth_school):
    response = admin_client.get(reverse("connections:oauth_connect", args=[oauth_school.pk]))
    assert response.status_code == 302
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["redirect_uri"] == ["http://testserver/connections/oauth/callback/"]
    responses.post(
        "https://baking-school.thinkific.com/oauth2/token",
        json={"access_token": "at", "refresh_token": "rt", "expires_in": 60},
    )
    # Connected, the connection is checked at once with its new token.
    responses.get(
        "https://api.thinkific.com/api/public/v1/users",
        json={"items": [], "meta": {"pagination": {"total_items": 4, "current_page": 1}}},
        match=[responses.matchers.header_matcher({"Authorization": "Bearer at"})],
    )

    done = admin_client.get(
        reverse("connections:oauth_callback"),
        {"code": "c", "state": query["state"][0]},
        follow=True,
    )

    connected = Connection.objects.get(pk=oauth_school.pk)
    assert "is connected with OAuth. Connected: the school has 4 users." in done.content.decode()
    assert (connected.access_token, connected.last_check_ok) == ("at", True)


def test_callback_with_a_forged_state_is_a_message_not_an_error(admin_client, oauth_school):
    admin_client.get(reverse("connections:oauth_connect", args=[oauth_school.pk]))

    done = admin_client.get(
        reverse("connections:oauth_callback"), {"code": "c", "state": "forged"}, follow=True
    )

    assert done.status_code == 200
    assert "does not match" in done.content.decode()


def test_oauth_views_need_the_change_permission(client, staff, oauth_school):
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    response = client.get(reverse("connections:oauth_connect", args=[oauth_school.pk]))
    assert response.status_code == 403


def test_denied_consent_returns_to_the_connection(admin_client, oauth_school):
    response = admin_client.get(reverse("connections:oauth_connect", args=[oauth_school.pk]))
    state = parse_qs(urlsplit(response["Location"]).query)["state"][0]

    done = admin_client.get(
        reverse("connections:oauth_callback"), {"error": "access_denied", "state": state}
    )

    assert done["Location"] == reverse(
        "admin:connections_connection_change", args=[oauth_school.pk]
    )
    page = admin_client.get(done["Location"]).content.decode()
    assert "Thinkific did not authorize the portal (access_denied)." in page
