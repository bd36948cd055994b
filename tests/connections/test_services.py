from datetime import UTC, datetime, timedelta

import pytest
import requests
import responses
from responses import matchers

from apps.connections import services
from apps.connections.models import Connection
from apps.connections.services import (
    OAuthFlowError,
    client_for,
    connection_check,
    governor_for,
    oauth_finish,
    oauth_start,
)
from apps.thinkific import errors

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


def oauth_tokens(school, *, access, refresh, expires_at):
    school.access_token, school.refresh_token = access, refresh
    school.token_expires_at = expires_at
    school.save()
    return Connection.objects.get(pk=school.pk)


@responses.activate
def test_a_token_another_request_refreshed_meanwhile_is_taken_not_refreshed_again(oauth_school):
    # This request read "old-rt"; by the time it refreshes, another one has spent it.
    expired = datetime.now(UTC) - timedelta(minutes=1)
    mine = oauth_tokens(oauth_school, access="old-at", refresh="old-rt", expires_at=expired)
    client = client_for(mine)
    later = datetime.now(UTC) + timedelta(hours=23)
    oauth_tokens(oauth_school, access="their-at", refresh="their-rt", expires_at=later)
    responses.get(
        USERS, json=PAGE, match=[matchers.header_matcher({"Authorization": "Bearer their-at"})]
    )

    assert client.users.list().total_items == 42

    assert len(responses.calls) == 1  # the users page only: no token request
    stored = Connection.objects.get(pk=oauth_school.pk)
    assert (stored.access_token, stored.refresh_token) == ("their-at", "their-rt")


@responses.activate
def test_token_requests_use_the_pooled_session_and_the_configured_timeouts(
    oauth_school, settings, monkeypatch
):
    settings.THINKIFIC_CONNECT_TIMEOUT = 2.5
    settings.THINKIFIC_READ_TIMEOUT = 11.0
    pooled = requests.Session()
    used = []
    monkeypatch.setattr(pooled, "post", lambda *a, **kw: used.append(a) or requests.post(*a, **kw))
    monkeypatch.setattr(services, "pooled_session", lambda: pooled)
    session = {}
    oauth_start(connection=oauth_school, session=session, redirect_uri="http://x/cb")
    responses.post(
        "https://baking-school.thinkific.com/oauth2/token",
        json={"access_token": "at-1", "refresh_token": "rt-1", "expires_in": 86399},
    )

    oauth_finish(session=session, state=session["thinkific_oauth"]["state"], code="c")

    assert responses.calls[0].request.req_kwargs["timeout"] == (2.5, 11.0)
    assert used == [("https://baking-school.thinkific.com/oauth2/token",)]


@responses.activate
def test_connecting_with_oauth_forgets_the_old_api_key(oauth_school):
    assert Connection.objects.get(pk=oauth_school.pk).api_key
    session = {}
    oauth_start(connection=oauth_school, session=session, redirect_uri="http://x/cb")
    responses.post(
        "https://baking-school.thinkific.com/oauth2/token",
        json={"access_token": "at-1", "refresh_token": "rt-1", "expires_in": 86399},
    )

    oauth_finish(session=session, state=session["thinkific_oauth"]["state"], code="c")

    stored = Connection.objects.get(pk=oauth_school.pk)
    assert stored.api_key == ""
    assert stored.uses_oauth


def test_a_school_without_credentials_has_no_client_but_an_authentication_error(oauth_school):
    with pytest.raises(errors.AuthenticationError, match="no credentials yet"):
        client_for(oauth_school)


def test_connections_to_one_school_share_its_budget(school):
    twin = Connection.objects.create(
        name="Twin",
        slug="twin",
        subdomain="Baking-School",
        api_key="t" * 32,
        api_base_url="https://API.thinkific.com/",
    )
    other = Connection.objects.create(
        name="Other", slug="other", subdomain="other-school", api_key="o" * 32
    )

    assert governor_for(twin).key == governor_for(school).key
    assert governor_for(other).key != governor_for(school).key


@responses.activate
def test_the_check_tells_a_held_back_request_from_a_thinkific_429(school, settings):
    settings.THINKIFIC_RATE_LIMIT = 1
    settings.THINKIFIC_MAX_RETRY_WAIT = 0
    responses.get(USERS, json=PAGE)
    connection_check(connection=school)

    held_back = connection_check(connection=school)

    assert "held back" in held_back.message
    assert "budget of 1 requests a minute" in held_back.message
    assert len(responses.calls) == 1

    settings.THINKIFIC_RATE_LIMIT = 100
    responses.get(USERS, status=429, json={})
    assert connection_check(connection=school).message.startswith(
        "Rate limited: Thinkific answered 429"
    )
