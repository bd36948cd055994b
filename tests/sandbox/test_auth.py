"""Who may call: the API-key header pair, OAuth bearer tokens, and (v2 only) the key as bearer."""

import pytest

from apps.sandbox.services import oauth
from tests.sandbox import factories
from tests.sandbox.conftest import V1, V2, Api

AUTH_ERROR = {"error": "Authentication Error"}


@pytest.fixture
def access_token(school) -> str:
    return oauth._issue(school, code=None, with_refresh=True)["access_token"]


def test_header_pair_works(api):
    assert api.get("users").status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Auth-API-Key": "0" * 32, "X-Auth-Subdomain": "test-academy"},
        {"X-Auth-API-Key": "{key}"},
        {"X-Auth-API-Key": "{key}", "X-Auth-Subdomain": "another-school"},
        {"Authorization": "Bearer not-a-token"},
        {"Authorization": "Basic {key}"},
    ],
    ids=["none", "wrong key", "no subdomain", "wrong subdomain", "bad bearer", "basic"],
)
def test_bad_credentials_get_401(client, school, headers):
    headers = {name: value.format(key=school.api_key) for name, value in headers.items()}
    response = Api(client, V1, headers).get("users")
    assert response.status_code == 401
    assert response.json() == AUTH_ERROR


def test_another_schools_key_reaches_only_that_school(client, school):
    other = factories.school()
    factories.user(other, email="other@example.com")
    headers = {"X-Auth-API-Key": other.api_key, "X-Auth-Subdomain": other.subdomain}
    emails = [u["email"] for u in Api(client, V1, headers).get("users").json()["items"]]
    assert emails == ["other@example.com"]


def test_v1_accepts_an_oauth_bearer_token(client, school, access_token):
    response = Api(client, V1, {"Authorization": f"Bearer {access_token}"}).get("users")
    assert response.status_code == 200


def test_v1_refuses_the_api_key_as_bearer(client, school):
    response = Api(client, V1, {"Authorization": f"Bearer {school.api_key}"}).get("users")
    assert response.status_code == 401


@pytest.mark.parametrize("kind", ["api key bearer", "oauth bearer", "header pair"])
def test_v2_accepts_each_credential(client, school, access_token, kind):
    headers = {
        "api key bearer": {"Authorization": f"Bearer {school.api_key}"},
        "oauth bearer": {"Authorization": f"Bearer {access_token}"},
        "header pair": {"X-Auth-API-Key": school.api_key, "X-Auth-Subdomain": school.subdomain},
    }[kind]
    assert Api(client, V2, headers).get("webhooks").status_code == 200


def test_v2_refuses_no_credentials(client, school):
    response = Api(client, V2, {}).get("webhooks")
    assert (response.status_code, response.json()) == (401, AUTH_ERROR)


def test_expired_or_revoked_tokens_are_refused(client, school, access_token):
    bearer = Api(client, V1, {"Authorization": f"Bearer {access_token}"})
    school.access_tokens.update(revoked_at="2020-01-01T00:00:00Z")
    assert bearer.get("users").status_code == 401
