"""Django's debug page (DEBUG on, as `make run` has it) never shows a school's secret."""

import sys

import pytest
import responses
from django.test import RequestFactory
from django.views.debug import ExceptionReporter

from apps.connections.models import Connection
from apps.connections.services import client_for, connection_refresh_tokens
from apps.thinkific import TokenSet
from tests.conftest import grant

API_KEY = "sk-live-" + "a1" * 16
CLIENT_SECRET = "cs-live-" + "b2" * 16
ACCESS = "at-live-" + "c3" * 16
REFRESH = "rt-live-" + "d4" * 16


class Boom(RuntimeError):
    pass


def debug_page(exc: BaseException) -> str:
    request = RequestFactory().get("/s/baking/users/")
    reporter = ExceptionReporter(request, type(exc), exc, exc.__traceback__)
    return reporter.get_traceback_html() + reporter.get_traceback_text()


def raised(call) -> BaseException:
    try:
        call()
    except Boom:
        return sys.exc_info()[1]
    raise AssertionError("the call did not fail")


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True


@responses.activate
def test_an_error_inside_a_client_call_shows_no_api_key(debug_on, school):
    school.api_key = API_KEY
    school.save()
    responses.get("https://api.thinkific.com/api/public/v1/users", body=Boom("network stack"))
    page = debug_page(raised(lambda: client_for(school).users.list()))
    assert "network stack" in page  # the page is the real one, frames and all
    assert API_KEY not in page


@responses.activate
def test_an_error_inside_a_token_refresh_shows_no_oauth_secret(debug_on, db):
    school = Connection.objects.create(
        name="OAuth School",
        slug="oauth",
        subdomain="oauth-school",
        auth_type=Connection.AuthType.OAUTH,
        oauth_client_id="client-id",
        oauth_client_secret=CLIENT_SECRET,
        access_token=ACCESS,
        refresh_token=REFRESH,
    )
    responses.post("https://oauth-school.thinkific.com/oauth2/token", body=Boom("token stack"))
    stale = TokenSet(ACCESS, REFRESH, None)
    page = debug_page(raised(lambda: connection_refresh_tokens(connection=school, stale=stale)))
    assert "token stack" in page
    for secret in (CLIENT_SECRET, ACCESS, REFRESH):
        assert secret not in page


@responses.activate
def test_the_consoles_debug_page_shows_no_api_key(debug_on, staff_client, staff, school):
    school.api_key = API_KEY
    school.save()
    grant(staff, "use_console")
    responses.get("https://api.thinkific.com/api/public/v1/users", body=Boom("console stack"))
    staff_client.raise_request_exception = False
    page = staff_client.post("/s/baking/console/", {"method": "GET", "path": "/v1/users"})
    assert page.status_code == 500
    assert "console stack" in page.content.decode()
    assert API_KEY not in page.content.decode()
