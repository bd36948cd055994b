"""120 requests a minute per school, then 429 with RateLimit-Reset; injected faults."""

import time

import pytest

from apps.sandbox.api import throttle
from tests.sandbox import factories
from tests.sandbox.conftest import V1, Api, key_headers


def test_the_121st_request_in_a_minute_is_refused(api, school, monkeypatch):
    now = 1_700_000_010.0  # 10 s into a minute window
    monkeypatch.setattr(throttle.time, "time", lambda: now)
    for _ in range(120):
        assert api.get("users").status_code == 200
    response = api.get("users")
    assert response.status_code == 429
    assert response.json() == {"error": "Rate Limit Exceeded"}
    assert response["RateLimit-Reset"] == "1700000040000"  # epoch milliseconds
    now += 30  # next window
    assert api.get("users").status_code == 200


def test_each_school_has_its_own_budget(api, school, client):
    school.rate_limit = 2
    school.save()
    other = factories.school()
    api.get("users"), api.get("users")
    assert api.get("users").status_code == 429
    assert Api(client, V1, key_headers(other)).get("users").status_code == 200


def test_webhooks_api_counts_too(api, v2, school):
    school.rate_limit = 1
    school.save()
    assert api.get("users").status_code == 200
    assert v2.get("webhooks").status_code == 429


def test_reset_header_is_in_milliseconds(api, school):
    school.rate_limit = 0
    school.save()
    reset = int(api.get("users")["RateLimit-Reset"])
    assert time.time() * 1000 < reset <= (time.time() + 60) * 1000


def test_a_looser_limit(api, school):
    school.rate_limit = 500
    school.save()
    assert all(api.get("users").status_code == 200 for _ in range(130))


def test_added_latency(api, school, monkeypatch):
    slept = []
    monkeypatch.setattr(throttle.time, "sleep", slept.append)
    school.latency_ms = 250
    school.save()
    assert api.get("users").status_code == 200
    assert slept == [0.25]


def test_error_rate(api, school):
    school.error_rate = 1.0
    school.save()
    response = api.get("users")
    assert (response.status_code, response.json()) == (500, {"error": "Internal Server Error"})
    school.error_rate = 0.0
    school.save()
    assert api.get("users").status_code == 200


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (503, {"error": "Service Unavailable"}),
        (401, {"error": "Authentication Error"}),
        (404, {"error": "Record not found."}),
        (429, {"error": "Rate Limit Exceeded"}),
    ],
)
def test_forced_status(api, v2, school, status, body):
    school.forced_status = status
    school.save()
    for client in (api, v2):
        response = client.get("users" if client is api else "webhooks")
        assert (response.status_code, response.json()) == (status, body)
    if status == 429:
        assert response["RateLimit-Reset"].isdigit()


def test_faults_do_not_touch_unauthenticated_requests(client, school):
    school.forced_status = 503
    school.save()
    assert Api(client, V1, {}).get("users").status_code == 401
