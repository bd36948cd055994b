import json
import time

import pytest
import requests
import responses
from django.contrib.auth import get_user_model

from apps.connections.models import Connection
from apps.connections.services import client_for, governor_for
from apps.console import safety, services
from apps.console.calls import ApiCall
from apps.console.models import Call

V1 = "https://api.thinkific.com/api/public/v1"
V2 = "https://api.thinkific.com/api/v2"
KEY = "k" * 32


def send(school, staff, call):
    return services.call_send(client=client_for(school), connection=school, user=staff, call=call)


@responses.activate
def test_a_get_goes_to_the_admin_api_with_the_schools_credentials(school, staff):
    responses.get(f"{V1}/users", json={"items": []})

    result = send(school, staff, ApiCall("GET", "/v1/users", query=(("query[email]", "a@b.c"),)))

    sent = responses.calls[0].request
    assert sent.url == f"{V1}/users?query%5Bemail%5D=a%40b.c"
    assert sent.method == "GET"
    assert sent.headers["X-Auth-API-Key"] == KEY
    assert sent.headers["X-Auth-Subdomain"] == "baking-school"
    assert sent.body is None
    assert result.status == 200
    assert result.data == {"items": []}
    assert result.is_json


@responses.activate
def test_a_post_sends_the_json_body_and_the_users_headers(school, staff):
    responses.post(f"{V1}/users", status=201, json={"id": 7})
    body = '{"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"}'

    result = send(
        school, staff, ApiCall("POST", "/v1/users", headers=(("X-Note", "hi"),), body=body)
    )

    sent = responses.calls[0].request
    assert sent.body == body.encode()
    assert sent.headers["Content-Type"] == "application/json"
    assert sent.headers["X-Note"] == "hi"
    assert sent.headers["X-Auth-API-Key"] == KEY
    assert result.status == 201
    assert result.reason == "Created"


@responses.activate
def test_the_users_content_type_is_kept(school, staff):
    responses.put(f"{V1}/users/7", status=204)
    call = ApiCall(
        "PUT",
        "/v1/users/7",
        headers=(("Content-Type", "application/json; charset=utf-8"),),
        body="{}",
    )

    result = send(school, staff, call)

    assert responses.calls[0].request.headers["Content-Type"] == "application/json; charset=utf-8"
    assert result.status == 204
    assert result.text == ""
    assert not result.is_json


@responses.activate
def test_v2_paths_go_to_the_webhooks_api(school, staff):
    responses.get(f"{V2}/webhooks", json={"items": [], "meta": {"page": {"has_next": False}}})

    send(school, staff, ApiCall("GET", "/v2/webhooks"))

    sent = responses.calls[0].request
    assert sent.url == f"{V2}/webhooks"
    assert sent.headers["Authorization"] == f"Bearer {KEY}"


@responses.activate
def test_the_call_is_streamed_with_the_clients_timeouts(school, staff, settings):
    settings.THINKIFIC_CONNECT_TIMEOUT = 3.0
    settings.THINKIFIC_READ_TIMEOUT = 7.0
    responses.get(f"{V1}/users", json={})

    send(school, staff, ApiCall("GET", "/v1/users"))

    kwargs = responses.calls[0].request.req_kwargs
    assert kwargs["timeout"] == (3.0, 7.0)
    assert kwargs["stream"] is True


@responses.activate
def test_an_answer_over_the_size_limit_is_cut(school, staff, settings):
    settings.CONSOLE_MAX_RESPONSE_BYTES = 1000
    responses.get(f"{V1}/users", json={"items": ["x" * 100] * 50})

    result = send(school, staff, ApiCall("GET", "/v1/users"))

    assert result.truncated
    assert result.size == 1000
    assert len(result.text) == 1000
    assert not result.is_json
    assert result.notes == ["The answer is larger than 1000\xa0bytes: only its start is shown."]


@responses.activate
def test_a_slow_answer_past_the_console_timeout_is_cut(school, staff, settings):
    settings.CONSOLE_TIMEOUT = 0.0
    responses.get(f"{V1}/users", json={"items": []})

    result = send(school, staff, ApiCall("GET", "/v1/users"))

    assert result.truncated
    assert "took longer than 0 seconds" in result.notes[0]


@responses.activate
def test_a_timeout_is_an_answer_with_an_error_and_is_kept(school, staff, settings):
    settings.THINKIFIC_MAX_RETRY_WAIT = 0
    responses.get(f"{V1}/users", body=requests.exceptions.ReadTimeout("slow"))

    result = send(school, staff, ApiCall("GET", "/v1/users"))

    assert result.status is None
    assert result.error == "No answer: Thinkific did not answer in time."
    assert Call.objects.get().error == "No answer: Thinkific did not answer in time."


@responses.activate
def test_a_connection_failure_is_an_answer_with_an_error(school, staff):
    responses.get(f"{V1}/users", body=requests.exceptions.ConnectionError("refused"))

    result = send(school, staff, ApiCall("GET", "/v1/users"))

    assert result.error == "No answer: Thinkific could not be reached."


@responses.activate
def test_a_header_http_cannot_carry_is_an_answer_saying_nothing_was_sent(school, staff):
    # The form refuses it first; a call built elsewhere still meets the client's refusal.
    result = send(school, staff, ApiCall("GET", "/v1/users", headers=(("X-Test", "euro€"),)))

    assert len(responses.calls) == 0
    assert result.status is None
    assert result.error.startswith("Nothing was sent: “X-Test”: HTTP headers carry only Latin-1")


@responses.activate
def test_a_spent_budget_sends_nothing(school, staff, settings):
    settings.THINKIFIC_RATE_LIMIT = 1
    responses.get(f"{V1}/users", json={})
    send(school, staff, ApiCall("GET", "/v1/users"))

    result = send(school, staff, ApiCall("GET", "/v1/users"))

    assert len(responses.calls) == 1
    assert "holding back to stay within Thinkific's request budget" in result.error
    assert "Nothing was sent" in result.error
    assert "budget is 1 requests a minute" in result.error


@responses.activate
def test_a_429_holds_back_the_school(school, staff):
    reset = int((time.time() + 30) * 1000)
    responses.get(f"{V1}/users", status=429, headers={"RateLimit-Reset": str(reset)}, json={})

    result = send(school, staff, ApiCall("GET", "/v1/users"))

    assert result.status == 429
    assert "Thinkific answered 429" in result.notes[0]
    assert governor_for(school).budget().blocked_until == pytest.approx(reset / 1000, abs=1)


@responses.activate
def test_after_a_429_the_portal_says_it_held_back_and_sends_nothing(school, staff):
    reset = int((time.time() + 30) * 1000)
    responses.get(f"{V1}/users", status=429, headers={"RateLimit-Reset": str(reset)}, json={})
    send(school, staff, ApiCall("GET", "/v1/users"))

    result = send(school, staff, ApiCall("GET", "/v1/users"))

    assert len(responses.calls) == 1
    assert result.status is None
    assert "Nothing was sent: The portal is holding back: Thinkific answered 429" in result.error


@responses.activate
def test_an_unknown_charset_is_read_as_utf8_and_the_call_is_kept(school, staff):
    responses.get(
        f"{V1}/users",
        body='{"name": "Zo\u00eb"}'.encode(),
        content_type="application/json; charset=x-no-such-charset",
    )

    result = send(school, staff, ApiCall("GET", "/v1/users"))

    assert result.data == {"name": "Zo\u00eb"}
    assert Call.objects.get().status == 200


@responses.activate
def test_error_statuses_are_shown_as_answered(school, staff):
    responses.get(f"{V1}/users/9", status=404, json={"error": "Record not found."})

    result = send(school, staff, ApiCall("GET", "/v1/users/9"))

    assert (result.status, result.data, result.error) == (404, {"error": "Record not found."}, "")


@responses.activate
def test_a_list_answer_carries_its_pagination(school, staff):
    meta = {"pagination": {"current_page": 1, "next_page": 2, "total_pages": 2, "total_items": 30}}
    responses.get(f"{V1}/users", json={"items": [], "meta": meta})

    result = send(school, staff, ApiCall("GET", "/v1/users", query=(("limit", "25"),)))

    assert result.next_call == ApiCall("GET", "/v1/users", query=(("limit", "25"), ("page", "2")))


@responses.activate
def test_the_call_is_refused_when_the_url_would_leave_the_api(school, staff, monkeypatch):
    client = client_for(school)
    monkeypatch.setattr(client, "url", lambda path, api: f"https://evil.example{api}{path}")

    with pytest.raises(safety.RefusedError):
        services.call_send(
            client=client, connection=school, user=staff, call=ApiCall("GET", "/v1/users")
        )

    assert len(responses.calls) == 0
    assert not Call.objects.exists()


# -- curl ---------------------------------------------------------------------------------


@responses.activate
def test_curl_carries_no_credentials(school, staff):
    responses.post(f"{V1}/users", status=201, json={})

    result = send(school, staff, ApiCall("POST", "/v1/users", body='{"a": 1}'))

    assert KEY not in result.curl
    assert result.curl.startswith(f"curl -X POST {V1}/users")
    assert '-H "X-Auth-API-Key: $THINKIFIC_API_KEY"' in result.curl
    assert "-H 'X-Auth-Subdomain: baking-school'" in result.curl
    assert "--data-raw '{\"a\": 1}'" in result.curl


@responses.activate
def test_curl_for_the_webhooks_api_uses_the_key_as_bearer_variable(school, staff):
    responses.get(f"{V2}/webhooks", json={})

    result = send(school, staff, ApiCall("GET", "/v2/webhooks"))

    assert '-H "Authorization: Bearer $THINKIFIC_API_KEY"' in result.curl
    assert KEY not in result.curl


@responses.activate
def test_curl_for_an_oauth_school_uses_a_token_variable(db):
    school = Connection.objects.create(
        name="OAuth School",
        slug="oauth",
        subdomain="oauth-school",
        auth_type=Connection.AuthType.OAUTH,
        access_token="a" * 40,
        refresh_token="r" * 40,
    )
    user = get_user_model().objects.create_user("o")
    responses.get(f"{V1}/users", json={})

    result = send(school, user, ApiCall("GET", "/v1/users"))

    assert responses.calls[0].request.headers["Authorization"] == "Bearer " + "a" * 40
    assert '-H "Authorization: Bearer $THINKIFIC_ACCESS_TOKEN"' in result.curl
    assert "a" * 40 not in result.curl
    assert "X-Auth-Subdomain" not in result.curl


# -- history --------------------------------------------------------------------------------


@responses.activate
def test_each_call_is_kept_without_credentials(school, staff):
    responses.post(f"{V1}/users", status=422, json={"errors": {"email": ["is taken"]}})
    call = ApiCall(
        "POST",
        "/v1/users",
        query=(("note", KEY),),
        headers=(("X-Note", f"key={KEY}"),),
        body=json.dumps({"email": "a@b.c", "pasted": KEY}),
    )

    send(school, staff, call)

    record = Call.objects.get()
    assert (record.user, record.connection, record.method, record.path) == (
        staff,
        school,
        "POST",
        "/v1/users",
    )
    assert record.status == 422
    assert record.query == [["note", "[redacted]"]]
    assert record.request_headers == [["X-Note", "key=[redacted]"]]
    assert record.body == '{"email": "a@b.c", "pasted": "[redacted]"}'
    assert record.response_excerpt == '{"errors": {"email": ["is taken"]}}'
    stored = json.dumps(list(Call.objects.values()), default=str)
    assert KEY not in stored
    assert "X-Auth-API-Key" not in stored


@responses.activate
def test_the_history_keeps_the_last_50_calls_per_user_per_school(school, staff):
    other_school = Connection.objects.create(name="P", slug="p", subdomain="p", api_key="x" * 32)
    other_user = get_user_model().objects.create_user("other")
    for user, connection in [(other_user, school), (staff, other_school)]:
        Call.objects.create(user=user, connection=connection, method="GET", path="/v1/keep")
    for number in range(50):
        Call.objects.create(user=staff, connection=school, method="GET", path=f"/v1/old/{number}")
    responses.get(f"{V1}/users", json={})

    send(school, staff, ApiCall("GET", "/v1/users"))

    mine = Call.objects.filter(user=staff, connection=school)
    assert mine.count() == 50
    assert mine.first().path == "/v1/users"
    assert not mine.filter(path="/v1/old/0").exists()
    assert mine.filter(path="/v1/old/1").exists()
    assert Call.objects.filter(path="/v1/keep").count() == 2


def test_a_long_answer_is_kept_as_an_excerpt(school, staff):
    from apps.console.calls import CallResult

    result = CallResult(
        call=ApiCall("GET", "/v1/users"), url="", curl="", status=200, text="x" * 5000
    )
    record = services.call_record(connection=school, user=staff, result=result)
    assert len(record.response_excerpt) == services.EXCERPT_CHARS
