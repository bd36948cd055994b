import pytest
import responses
from django.contrib.auth import get_user_model

from apps.connections.models import Connection
from apps.console.calls import ApiCall
from apps.console.models import Call
from tests.conftest import grant

URL = "/s/baking/console/"
V1 = "https://api.thinkific.com/api/public/v1"
HTMX = {"HX-Request": "true"}
LIST = {
    "items": [{"id": 1, "first_name": "Bob"}],
    "meta": {
        "pagination": {
            "current_page": 1,
            "next_page": 2,
            "prev_page": None,
            "total_pages": 3,
            "total_items": 21,
            "entries_info": "1-10 of 21",
        }
    },
}


@pytest.fixture
def console_client(staff_client, staff):
    grant(staff, "use_console")
    return staff_client


def page_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


# -- who may use it -------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_log_in(client, school):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@responses.activate
def test_members_without_the_console_permission_are_refused(staff_client, school):
    assert staff_client.get(URL).status_code == 403
    assert staff_client.post(URL, {"method": "GET", "path": "/v1/users"}).status_code == 403
    assert len(responses.calls) == 0


def test_another_schools_console_answers_404(console_client, school):
    Connection.objects.create(name="Secret", slug="secret", subdomain="s", api_key="x" * 32)
    assert console_client.get("/s/secret/console/").status_code == 404
    assert (
        console_client.post(
            "/s/secret/console/", {"method": "GET", "path": "/v1/users"}
        ).status_code
        == 404
    )


def test_the_sidebar_links_the_console_only_for_those_allowed(staff_client, staff, school):
    assert "API console" not in staff_client.get("/s/baking/").content.decode()
    grant(staff, "use_console")
    assert f'href="{URL}"' in staff_client.get("/s/baking/").content.decode()


# -- the page -------------------------------------------------------------------------------


def test_the_page_offers_the_form_and_known_endpoints(console_client, school):
    page = page_of(console_client.get(URL))
    assert "<h1>API console</h1>" in page
    assert '<select name="method"' in page
    assert 'list="console-endpoints"' in page
    assert '<option value="/v1/instructors">GET POST</option>' in page
    assert '<option value="/v2/webhooks/{id}">GET PUT DELETE</option>' in page
    assert 'name="query_name"' in page
    assert 'name="headers_name"' in page
    assert "No calls yet" in page
    assert 'aria-current="page">API console' in page


@responses.activate
def test_a_get_shows_status_time_headers_and_the_body(console_client, school):
    responses.get(f"{V1}/instructors", json=LIST, headers={"X-Request-Id": "r-1"})

    page = page_of(console_client.post(URL, {"method": "GET", "path": "/v1/instructors?limit=10"}))

    assert responses.calls[0].request.url == f"{V1}/instructors?limit=10"
    assert '<span class="badge ok" data-status>200 OK</span>' in page
    assert " ms</span>" in page
    assert '<th scope="row">X-Request-Id</th><td>r-1</td>' in page
    assert '<div class="jt"><details open>' in page
    assert "&quot;first_name&quot;" in page
    assert "List: page 1 of 3 · 21 items · showing 1-10 of 21" in page
    assert "Next page \u203a" in page
    # The form now holds the call, its query moved into the rows.
    assert 'name="path" value="/v1/instructors"' in page
    assert 'name="query_name" value="limit"' in page


@responses.activate
def test_as_htmx_the_call_answers_the_workspace_fragment(console_client, school):
    responses.get(f"{V1}/users", json={"items": []})

    page = page_of(console_client.post(URL, {"method": "GET", "path": "/v1/users"}, headers=HTMX))

    assert page.lstrip().startswith('<div id="console" class="console">')
    assert "<html" not in page
    assert "200 OK" in page
    assert "Your recent calls" in page


@responses.activate
def test_next_page_asks_for_the_following_page(console_client, school):
    responses.get(f"{V1}/instructors", json=LIST)
    data = {
        "method": "GET",
        "path": "/v1/instructors",
        "query_name": ["limit", "page"],
        "query_value": ["10", "2"],
    }

    console_client.post(URL, data, headers=HTMX)

    assert responses.calls[0].request.url == f"{V1}/instructors?limit=10&page=2"


@responses.activate
def test_the_next_page_form_carries_the_call_with_the_next_page(console_client, school):
    responses.get(f"{V1}/instructors", json=LIST)

    page = page_of(console_client.post(URL, {"method": "GET", "path": "/v1/instructors?limit=10"}))

    next_form = page[page.index('<div class="console-pager">') :]
    next_form = next_form[: next_form.index("</form>")]
    assert '<input type="hidden" name="path" value="/v1/instructors">' in next_form
    assert (
        '<input type="hidden" name="query_name" value="limit"><input type="hidden" '
        'name="query_value" value="10"><input type="hidden" name="query_name" value="page">'
        '<input type="hidden" name="query_value" value="2">'
    ) in next_form


@responses.activate
def test_error_statuses_are_shown_not_turned_into_error_pages(console_client, school):
    responses.get(f"{V1}/users/9", status=404, json={"error": "Record not found."})

    page = page_of(console_client.post(URL, {"method": "GET", "path": "/v1/users/9"}))

    assert '<span class="badge bad" data-status>404 Not Found</span>' in page
    assert "Record not found." in page


@responses.activate
def test_a_timeout_is_shown_on_the_page_not_a_500(console_client, school, settings):
    import requests

    settings.THINKIFIC_MAX_RETRY_WAIT = 0
    responses.get(f"{V1}/users", body=requests.exceptions.ReadTimeout())

    page = page_of(console_client.post(URL, {"method": "GET", "path": "/v1/users"}, headers=HTMX))

    assert "No answer: Thinkific did not answer in time." in page
    assert 'name="path" value="/v1/users"' in page


@responses.activate
def test_an_oversized_answer_is_cut_with_a_note(console_client, school, settings):
    settings.CONSOLE_MAX_RESPONSE_BYTES = 100
    responses.get(f"{V1}/users", body="x" * 500)

    page = page_of(console_client.post(URL, {"method": "GET", "path": "/v1/users"}))

    assert "The answer is larger than 100\xa0bytes: only its start is shown." in page
    assert "x" * 100 in page
    assert "x" * 101 not in page


@responses.activate
def test_a_non_json_answer_is_shown_as_text(console_client, school):
    responses.get(f"{V1}/users", body="<h1>Bad gateway</h1>", status=502, content_type="text/html")

    page = page_of(console_client.post(URL, {"method": "GET", "path": "/v1/users"}))

    assert '<pre class="json">&lt;h1&gt;Bad gateway&lt;/h1&gt;</pre>' in page


@responses.activate
def test_copy_as_curl_carries_no_credentials(console_client, school):
    responses.get(f"{V1}/users", json={})

    page = page_of(console_client.post(URL, {"method": "GET", "path": "/v1/users"}))

    assert 'id="console-curl">curl https://api.thinkific.com/api/public/v1/users' in page
    assert "$THINKIFIC_API_KEY" in page
    assert "k" * 32 not in page
    assert "Copy as curl" in page


# -- confirmation ---------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
@responses.activate
def test_writes_ask_for_confirmation_before_sending(console_client, school, method):
    data = {"method": method, "path": "/v1/users/5", "body": '{"first_name": "Ada"}'}

    page = page_of(console_client.post(URL, data, headers=HTMX))

    assert len(responses.calls) == 0
    assert not Call.objects.exists()
    assert f"Send {method} /v1/users/5?" in page
    fingerprint = ApiCall(method, "/v1/users/5", body='{"first_name": "Ada"}').fingerprint
    assert f'name="confirm" value="{fingerprint}"' in page
    # What the user typed is still there.
    assert 'name="path" value="/v1/users/5"' in page
    assert "{&quot;first_name&quot;: &quot;Ada&quot;}</textarea>" in page

    responses.add(method, f"{V1}/users/5", status=204)
    page = page_of(console_client.post(URL, {**data, "confirm": fingerprint}, headers=HTMX))

    assert len(responses.calls) == 1
    assert responses.calls[0].request.method == method
    assert "204 No Content" in page
    assert "Send " + method + " /v1/users/5?" not in page


@responses.activate
def test_a_confirmation_does_not_carry_over_to_a_changed_request(console_client, school):
    fingerprint = ApiCall("DELETE", "/v1/users/5").fingerprint

    page = page_of(
        console_client.post(
            URL, {"method": "DELETE", "path": "/v1/users/6", "confirm": fingerprint}
        )
    )

    assert len(responses.calls) == 0
    assert "Send DELETE /v1/users/6?" in page


def test_gets_need_no_confirmation(console_client, school):
    with responses.RequestsMock() as mock:
        mock.get(f"{V1}/users", json={})
        page_of(console_client.post(URL, {"method": "GET", "path": "/v1/users"}))
        assert len(mock.calls) == 1


# -- refusals: a clear message beside the field, the input kept, nothing sent ----------------


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"path": "https://evil.example/v1/users"}, "path", "Absolute URLs are refused"),
        ({"path": "//evil.example/v1/users"}, "path", "name another host"),
        ({"path": "/v1/../../admin"}, "path", "segments are refused"),
        ({"path": "/v1/%2e%2e/%2e%2e/admin"}, "path", "segments are refused"),
        ({"path": "/v1/users%2f..%2fadmin"}, "path", "Encoded slashes"),
        ({"path": "/v1/users%0d%0aHost:%20evil"}, "path", "Percent-encoded control characters"),
        ({"path": "/admin/"}, "path", "Paths start with /v1/"),
        (
            {"headers_name": "Authorization", "headers_value": "Bearer mine"},
            "headers",
            "adds the school&#x27;s credentials",
        ),
        (
            {"headers_name": "X-Auth-API-Key", "headers_value": "other"},
            "headers",
            "adds the school&#x27;s credentials",
        ),
        (
            {"headers_name": "X-Auth-Subdomain", "headers_value": "other-school"},
            "headers",
            "sends this school&#x27;s subdomain",
        ),
        ({"headers_name": "Host", "headers_value": "evil.example"}, "headers", "only calls"),
        (
            {"headers_name": "X-Note", "headers_value": "a\r\nAuthorization: Bearer x"},
            "headers",
            "line breaks and control characters",
        ),
        (
            {"headers_name": "X-Note\r\nHost", "headers_value": "evil"},
            "headers",
            "Line breaks are refused in header names",
        ),
        (
            {"headers_name": "X-Test", "headers_value": "euro€"},
            "headers",
            "only Latin-1 characters",
        ),
        ({"method": "POST", "body": "{not json"}, "body", "This is not valid JSON"),
        ({"method": "GET", "body": "{}"}, "body", "A GET sends no body"),
    ],
)
@responses.activate
def test_refused_input_gets_a_message_beside_its_field(
    console_client, school, data, field, message
):
    form = {"method": "GET", "path": "/v1/users", **data}

    for headers in ({}, HTMX):
        page = page_of(console_client.post(URL, form, headers=headers))
        error = page[page.index('<p class="error" id="id_' + field) :]
        assert message in error[: error.index("</p>")]

    assert len(responses.calls) == 0
    assert not Call.objects.exists()
    assert "Send POST" not in page


def test_the_refused_input_is_kept(console_client, school):
    page = page_of(
        console_client.post(
            URL,
            {
                "method": "PATCH",
                "path": "/v1/users/1",
                "query_name": "a",
                "query_value": "b",
                "headers_name": "Host",
                "headers_value": "evil.example",
                "body": '{"x": ',
            },
        )
    )
    assert '<option value="PATCH" selected>' in page
    assert 'name="path" value="/v1/users/1"' in page
    assert 'name="query_name" value="a"' in page
    assert 'name="headers_value" value="evil.example"' in page
    assert "{&quot;x&quot;: </textarea>" in page


# -- history and replay ---------------------------------------------------------------------


def make_call(user, school, **fields):
    return Call.objects.create(
        user=user, connection=school, **{"method": "GET", "path": "/v1/users", **fields}
    )


def test_the_history_lists_only_the_users_own_calls_to_this_school(console_client, staff, school):
    other_user = get_user_model().objects.create_user("other")
    other_school = Connection.objects.create(name="P", slug="p", subdomain="p", api_key="x" * 32)
    make_call(staff, school, path="/v1/mine", query=[["page", "2"]], status=200, duration_ms=31)
    make_call(other_user, school, path="/v1/theirs")
    make_call(staff, other_school, path="/v1/elsewhere")

    page = page_of(console_client.get(URL))

    assert "<strong>GET</strong> /v1/mine?page=2" in page
    assert '<span class="badge ok">200</span>' in page
    assert "31 ms" in page
    assert "/v1/theirs" not in page
    assert "/v1/elsewhere" not in page


def test_the_history_shows_queries_decoded_and_escaped(console_client, staff, school):
    query = [
        ["query[email]", "ada@example.com"],
        ["query[name]", "Ada <b>Lovelace</b> & co"],
        ["note", "a\u202eb\nc"],  # a right-to-left override and a line break: unseen
    ]
    make_call(staff, school, path="/v1/users", query=query, status=200)

    page = page_of(console_client.get(URL))

    shown = (
        "/v1/users?query[email]=ada@example.com"
        "&amp;query[name]=Ada &lt;b&gt;Lovelace&lt;/b&gt; %26 co&amp;note=a%E2%80%AEb%0Ac"
    )
    assert f"<strong>GET</strong> {shown}</code>" in page
    assert "query%5Bemail%5D" not in page and "<b>Lovelace" not in page


@responses.activate
def test_a_404_on_a_name_thinkific_uses_otherwise_says_what_to_call(console_client, school):
    responses.post(f"{V1}/categories", status=404, json={"error": "Not found"})
    data = {"method": "POST", "path": "/v1/categories", "body": '{"name": "Baking"}'}
    fingerprint = ApiCall("POST", "/v1/categories", body='{"name": "Baking"}').fingerprint

    page = page_of(console_client.post(URL, {**data, "confirm": fingerprint}))

    assert '<span class="badge bad" data-status>404 Not Found</span>' in page
    assert "Thinkific&#x27;s API calls categories “collections”: try POST /v1/collections." in page


@responses.activate
def test_another_404_gets_no_hint(console_client, school):
    responses.get(f"{V1}/users/999", status=404, json={"error": "Not found"})

    page = page_of(console_client.post(URL, {"method": "GET", "path": "/v1/users/999"}))

    assert "404 Not Found" in page and "try GET" not in page


def test_replay_fills_the_form_without_sending(console_client, staff, school):
    call = make_call(
        staff,
        school,
        method="PUT",
        path="/v1/users/5",
        query=[["a", "1"]],
        request_headers=[["X-Note", "n"]],
        body='{"first_name": "Ada"}',
    )

    with responses.RequestsMock():  # fails if anything is sent
        for headers in ({}, HTMX):
            page = page_of(console_client.get(f"{URL}?replay={call.pk}", headers=headers))
            assert '<option value="PUT" selected>' in page
            assert 'name="path" value="/v1/users/5"' in page
            assert 'name="query_name" value="a"' in page
            assert 'name="headers_value" value="n"' in page
            assert "{&quot;first_name&quot;: &quot;Ada&quot;}</textarea>" in page
            assert "Filled in from your call of" in page
    assert page.lstrip().startswith('<div id="console"')


def test_another_users_call_cannot_be_replayed(console_client, school):
    theirs = make_call(get_user_model().objects.create_user("other"), school)
    assert console_client.get(f"{URL}?replay={theirs.pk}").status_code == 404
    assert console_client.get(f"{URL}?replay=nonsense").status_code == 404


@responses.activate
def test_every_call_joins_the_history(console_client, staff, school):
    responses.get(f"{V1}/users", json={})

    page = page_of(
        console_client.post(URL, {"method": "GET", "path": "/v1/users?page=3"}, headers=HTMX)
    )

    call = Call.objects.get(user=staff, connection=school)
    assert call.target == "/v1/users?page=3"
    assert f"?replay={call.pk}" in page


def test_an_empty_post_is_a_submitted_form_not_a_get(console_client, school):
    with responses.RequestsMock() as mock:
        page = page_of(console_client.post(URL, {}))
        assert len(mock.calls) == 0
    assert "This field is required" in page


def test_a_school_without_credentials_gets_a_message_not_a_500(console_client, school):
    school.auth_type = Connection.AuthType.OAUTH
    school.oauth_client_id = "cid"
    school.save()

    with responses.RequestsMock() as mock:
        response = console_client.post(URL, {"method": "GET", "path": "/v1/users"})
        assert len(mock.calls) == 0

    assert response.status_code != 500
    assert "no credentials yet" in response.content.decode()
