from datetime import UTC, datetime, timedelta

import pytest
import requests
import responses
from responses import matchers

from apps.connections.models import Connection
from apps.connections.services import (
    OAuthFlowError,
    client_for,
    connection_check,
    oauth_finish,
    oauth_start,
)

USERS = "https://api.thinkific.com/api/public/v1/users"
PAGE = {
    "items": [],
    "meta": {
        "pagination": {
            "current_page": 1,
            "next_page": None,
            "prev_page": None,
            "total_pages": 1,
            "total_items": 42,
        }
    },
}


@pytest.fixture
def oauth_school(school):
    school.auth_type = Connection.AuthType.OAUTH
    school.oauth_client_id = "client-1"
    school.oauth_client_secret = "secret-1"
    school.oauth_base_url = "https://baking-school.thinkific.com"
    school.save()
    return school


@responses.activate
def test_client_for_an_api_key_school_sends_the_key_pair(school):
    responses.get(
        USERS,
        json=PAGE,
        match=[
            matchers.header_matcher(
                {"X-Auth-API-Key": "k" * 32, "X-Auth-Subdomain": "baking-school"}
            )
        ],
    )

    assert client_for(school).users.list().total_items == 42


@responses.activate
def test_check_reports_success_and_records_it(school):
    responses.get(USERS, json=PAGE)

    result = connection_check(connection=school)

    assert result.ok
    assert "42 users" in result.message
    school.refresh_from_db()
    assert school.last_check_ok is True
    assert school.last_checked_at is not None


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ({"status": 401, "json": {"error": "Authentication Error"}}, "plan has no API access"),
        ({"status": 403, "json": {"error": "nope"}}, "Permission denied"),
        ({"body": requests.ConnectionError("refused")}, "Network failure"),
        ({"status": 500, "json": {}}, "server error"),
    ],
)
@responses.activate
def test_check_distinguishes_failures(school, settings, answer, expected):
    settings.THINKIFIC_MAX_RETRY_WAIT = 0
    responses.get(USERS, **answer)

    result = connection_check(connection=school)

    assert not result.ok
    assert expected in result.message
    school.refresh_from_db()
    assert school.last_check_ok is False


def test_check_without_credentials_says_so(oauth_school):
    result = connection_check(connection=oauth_school)
    assert not result.ok
    assert "No credentials" in result.message


def test_oauth_start_remembers_state_and_pkce(oauth_school):
    session = {}
    url = oauth_start(
        connection=oauth_school,
        session=session,
        redirect_uri="http://testserver/connections/oauth/callback/",
    )

    pending = session["thinkific_oauth"]
    assert url.startswith("https://baking-school.thinkific.com/oauth2/authorize?")
    assert f"state={pending['state']}" in url
    assert "code_challenge_method=S256" in url
    assert "client_id=client-1" in url


@responses.activate
def test_oauth_finish_stores_tokens(oauth_school):
    session = {}
    oauth_start(connection=oauth_school, session=session, redirect_uri="http://x/cb")
    state = session["thinkific_oauth"]["state"]
    verifier = session["thinkific_oauth"]["verifier"]
    responses.post(
        "https://baking-school.thinkific.com/oauth2/token",
        json={
            "access_token": "at-1",
            "refresh_token": "rt-1",
            "expires_in": 86399,
            "token_type": "bearer",
        },
        match=[
            matchers.json_params_matcher(
                {
                    "grant_type": "authorization_code",
                    "code": "the-code",
                    "code_verifier": verifier,
                    "redirect_uri": "http://x/cb",
                }
            )
        ],
    )

    connection = oauth_finish(session=session, state=state, code="the-code")

    connection = Connection.objects.get(pk=connection.pk)
    assert connection.access_token == "at-1"
    assert connection.refresh_token == "rt-1"
    assert connection.token_expires_at > datetime.now(UTC) + timedelta(hours=23)
    assert "thinkific_oauth" not in session


@pytest.mark.parametrize(
    ("state", "code", "error", "message"),
    [
        ("forged", "c", "", "does not match"),
        (None, "", "access_denied", "did not authorize"),
    ],
)
def test_oauth_finish_refuses_bad_callbacks(oauth_school, state, code, error, message):
    session = {}
    oauth_start(connection=oauth_school, session=session, redirect_uri="http://x/cb")
    state = state or session["thinkific_oauth"]["state"]

    with pytest.raises(OAuthFlowError, match=message):
        oauth_finish(session=session, state=state, code=code, error=error)
    assert Connection.objects.get(pk=oauth_school.pk).access_token == ""


@responses.activate
def test_oauth_finish_reports_a_refused_code(oauth_school):
    session = {}
    oauth_start(connection=oauth_school, session=session, redirect_uri="http://x/cb")
    responses.post(
        "https://baking-school.thinkific.com/oauth2/token",
        status=400,
        json={"error": "invalid_grant"},
    )

    with pytest.raises(OAuthFlowError, match="invalid_grant"):
        oauth_finish(session=session, state=session["thinkific_oauth"]["state"], code="old")


@responses.activate
def test_expired_token_is_refreshed_and_stored(oauth_school):
    oauth_school.access_token = "old-at"
    oauth_school.refresh_token = "old-rt"
    oauth_school.token_expires_at = datetime.now(UTC) - timedelta(minutes=1)
    oauth_school.save()
    responses.post(
        "https://baking-school.thinkific.com/oauth2/token",
        json={"access_token": "new-at", "refresh_token": "new-rt", "expires_in": 86399},
        match=[
            matchers.json_params_matcher({"grant_type": "refresh_token", "refresh_token": "old-rt"})
        ],
    )
    responses.get(
        USERS, json=PAGE, match=[matchers.header_matcher({"Authorization": "Bearer new-at"})]
    )

    client_for(Connection.objects.get(pk=oauth_school.pk)).users.list()

    stored = Connection.objects.get(pk=oauth_school.pk)
    assert (stored.access_token, stored.refresh_token) == ("new-at", "new-rt")
