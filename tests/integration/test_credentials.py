"""The client against the built-in sandbox over real HTTP:
credentials: bad keys, OAuth install, refresh and concurrent refreshes.

The sandbox is an independent reading of Thinkific's contract; where the two disagree,
one of them has misread Thinkific.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from apps.thinkific import errors, oauth
from apps.thinkific.client import Timeouts
from apps.thinkific.oauth import OAuthApp, TokenSet
from tests.integration.conftest import SUBDOMAIN, make_client

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


# -- credentials --------------------------------------------------------------------------------


def test_a_bad_api_key_is_an_authentication_error(sandbox):
    client = make_client(sandbox, api_key="0" * 32)

    with pytest.raises(errors.AuthenticationError):
        client.users.list()
    with pytest.raises(errors.AuthenticationError):
        client.webhooks.list()


HTTP = {"session": requests.Session(), "timeouts": Timeouts(connect=5, read=20)}


def install(sandbox) -> tuple[OAuthApp, TokenSet]:
    """Install the sandbox's OAuth app as a staff member would: the tokens it hands out."""
    app = OAuthApp(
        base_url=sandbox["oauth_base_url"],
        client_id=sandbox["oauth_client_id"],
        client_secret=sandbox["oauth_client_secret"],
    )
    redirect_uri = "http://127.0.0.1:9/callback"
    verifier, challenge = oauth.pkce_pair()
    url = oauth.authorization_url(
        app, redirect_uri=redirect_uri, state="st-1", code_challenge=challenge
    )
    consent = requests.get(url, timeout=10)
    assert consent.status_code == 200
    # Approve as the staff member would, on the consent page.
    fields = {**{k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}, "decision": "approve"}
    approved = requests.post(url.split("?")[0], data=fields, allow_redirects=False, timeout=10)
    answer = parse_qs(urlsplit(approved.headers["Location"]).query)
    assert answer["state"] == ["st-1"]
    tokens = oauth.exchange_code(
        app, code=answer["code"][0], code_verifier=verifier, redirect_uri=redirect_uri, **HTTP
    )
    return app, tokens


def test_oauth_install_then_refresh(sandbox):
    app, tokens = install(sandbox)
    stored = []

    def refresh(stale):
        stored.append(oauth.refresh(app, refresh_token=stale.refresh_token, **HTTP))
        return stored[-1]

    expiring = TokenSet(tokens.access_token, tokens.refresh_token, datetime.now(UTC))
    client = make_client(sandbox, api_key="", tokens=expiring, refresh_tokens=refresh)

    assert client.users.list(limit=1).total_items >= 1
    assert client.webhooks.list().items == []

    (fresh,) = stored
    assert fresh.access_token != tokens.access_token
    assert fresh.refresh_token and fresh.refresh_token != tokens.refresh_token
    with pytest.raises(errors.AuthenticationError):  # refresh tokens work once
        oauth.refresh(app, refresh_token=tokens.refresh_token, **HTTP)

    # A revoked (here: unknown) access token is refreshed on its 401, then the call retried.
    stale = make_client(
        sandbox,
        api_key="",
        tokens=TokenSet("not-a-token", fresh.refresh_token, None),
        refresh_tokens=refresh,
    )
    assert stale.users.list(limit=1).total_items >= 1
    assert len(stored) == 2


def test_requests_that_find_one_token_stale_together_spend_its_refresh_token_once(sandbox):
    # Each request builds its own client: only the database can make them agree.
    from django.db import connection as db

    from apps.connections.models import Connection
    from apps.connections.services import client_for

    app, tokens = install(sandbox)
    school = Connection.objects.create(
        name="Live",
        slug="live",
        subdomain=SUBDOMAIN,
        auth_type=Connection.AuthType.OAUTH,
        oauth_client_id=app.client_id,
        oauth_client_secret=app.client_secret,
        oauth_base_url=app.base_url,
        api_base_url=sandbox["api_base_url"],
        access_token=tokens.access_token,
        refresh_token=tokens.refresh_token,
        token_expires_at=datetime.now(UTC) - timedelta(minutes=1),
    )
    clients = [client_for(Connection.objects.get(pk=school.pk)) for _ in range(4)]
    start = threading.Barrier(len(clients))
    outcomes = []

    def use(client):
        try:
            start.wait()
            outcomes.append(client.users.list(limit=1).total_items)
        except Exception as exc:
            outcomes.append(exc)
        finally:
            db.close()

    threads = [threading.Thread(target=use, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert all(isinstance(total, int) for total in outcomes), outcomes
    stored = Connection.objects.get(pk=school.pk)
    assert stored.refresh_token != tokens.refresh_token
    assert client_for(stored).users.list(limit=1).total_items >= 1
