import shlex
import unicodedata
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apps.console.calls import ApiCall, CallResult, Pagination, curl_command, pagination_of
from apps.console.endpoints import alias_hint


def test_target_joins_path_and_query():
    call = ApiCall("GET", "/v1/users", query=(("query[email]", "a@b.c"), ("page", "2")))
    assert call.target == "/v1/users?query%5Bemail%5D=a%40b.c&page=2"
    assert ApiCall("GET", "/v1/users").target == "/v1/users"


def test_shown_reads_as_typed_and_encodes_only_what_blurs_or_hides():
    call = ApiCall(
        "GET",
        "/v1/users",
        query=(("query[email]", "a@b.c"), ("q", "Zoë & co=1#2%"), ("x", "\t\u200b\u2028")),
    )
    assert (
        call.shown == "/v1/users?query[email]=a@b.c&q=Zoë %26 co%3D1%232%25&x=%09%E2%80%8B%E2%80%A8"
    )
    assert ApiCall("GET", "/v1/users").shown == "/v1/users"


@pytest.mark.parametrize(
    ("method", "path", "hint"),
    [
        ("POST", "/v1/categories", "calls categories “collections”: try POST /v1/collections."),
        ("GET", "/v1/categories/4/products", "try GET /v1/collections/4/products."),
        ("DELETE", "/v1/webhooks/9", "Webhooks API, v2: try DELETE /v2/webhooks/9."),
        ("GET", "/v1/users", ""),
        ("GET", "/v2/categories", ""),
        ("GET", "/", ""),
    ],
)
def test_alias_hints_name_thinkifics_path(method, path, hint):
    found = alias_hint(method, path)
    assert found.endswith(hint) if hint else found == ""


def test_with_query_replaces_a_parameter_and_keeps_the_others():
    call = ApiCall("GET", "/v1/users", query=(("page", "1"), ("limit", "10")))
    assert call.with_query(page="2").query == (("limit", "10"), ("page", "2"))


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_writes_need_confirmation(method):
    assert ApiCall(method, "/v1/users").needs_confirmation


def test_reads_do_not_need_confirmation():
    assert not ApiCall("GET", "/v1/users").needs_confirmation


def test_fingerprint_changes_with_any_part_of_the_call():
    base = ApiCall("POST", "/v1/users", (("a", "1"),), (("X-A", "1"),), '{"a": 1}')
    variants = [
        ApiCall("PUT", "/v1/users", (("a", "1"),), (("X-A", "1"),), '{"a": 1}'),
        ApiCall("POST", "/v1/users/1", (("a", "1"),), (("X-A", "1"),), '{"a": 1}'),
        ApiCall("POST", "/v1/users", (("a", "2"),), (("X-A", "1"),), '{"a": 1}'),
        ApiCall("POST", "/v1/users", (("a", "1"),), (("X-A", "2"),), '{"a": 1}'),
        ApiCall("POST", "/v1/users", (("a", "1"),), (("X-A", "1"),), '{"a": 2}'),
    ]
    assert base.fingerprint == ApiCall(*base.__dict__.values()).fingerprint
    assert all(variant.fingerprint != base.fingerprint for variant in variants)


def test_pagination_of_an_admin_api_list():
    body = {
        "items": [],
        "meta": {
            "pagination": {
                "current_page": 1,
                "next_page": 2,
                "prev_page": None,
                "total_pages": 5,
                "total_items": 50,
                "entries_info": "1-10 of 50",
            }
        },
    }
    assert pagination_of(body) == Pagination(
        summary="page 1 of 5 · 50 items · showing 1-10 of 50", next_query={"page": "2"}
    )


def test_pagination_of_the_last_page_has_no_next():
    body = {"items": [], "meta": {"pagination": {"current_page": 5, "next_page": None}}}
    assert pagination_of(body).next_query is None


def test_pagination_of_a_webhooks_api_list_follows_the_cursor():
    body = {"items": [], "meta": {"page": {"has_next": True, "next_page": "abc", "total_items": 9}}}
    assert pagination_of(body) == Pagination(summary="9 items", next_query={"next": "abc"})
    done = {"items": [], "meta": {"page": {"has_next": False, "next_page": ""}}}
    assert pagination_of(done).next_query is None


@pytest.mark.parametrize("body", [None, [], "text", {"id": 1}, {"meta": "x"}, {"meta": {}}])
def test_pagination_of_anything_else_is_none(body):
    assert pagination_of(body) is None


def test_next_call_only_for_a_get_with_a_next_page():
    paged = Pagination(summary="", next_query={"page": "3"})
    get = ApiCall("GET", "/v1/users", query=(("page", "2"),))
    result = CallResult(call=get, url="", curl="", pagination=paged)
    assert result.next_call == ApiCall("GET", "/v1/users", query=(("page", "3"),))
    post = CallResult(call=ApiCall("POST", "/v1/users"), url="", curl="", pagination=paged)
    assert post.next_call is None
    assert CallResult(call=get, url="", curl="").next_call is None


def test_curl_quotes_everything_the_user_typed():
    call = ApiCall(
        "POST",
        "/v1/users",
        headers=(("X-Note", "it's $(rm -rf ~)"),),
        body='{"first_name": "O\'Brien"}',
    )
    command = curl_command(
        call,
        "https://api.thinkific.com/api/public/v1/users?a=1&b=2",
        variable_headers=[("X-Auth-API-Key", "$THINKIFIC_API_KEY")],
        fixed_headers=[("X-Auth-Subdomain", "school$(id)")],
    )
    words = shlex.split(command.replace("\\\n", " "))
    assert words[:4] == [
        "curl",
        "-X",
        "POST",
        "https://api.thinkific.com/api/public/v1/users?a=1&b=2",
    ]
    # The shell fills in the variable; the rest stays literal.
    assert '-H "X-Auth-API-Key: $THINKIFIC_API_KEY"' in command
    assert "X-Auth-Subdomain: school$(id)" in words
    assert "X-Note: it's $(rm -rf ~)" in words
    assert "Content-Type: application/json" in words
    assert words[-2:] == ["--data-raw", '{"first_name": "O\'Brien"}']


def test_curl_of_a_get_has_no_method_flag_and_no_body():
    command = curl_command(ApiCall("GET", "/v1/users"), "https://x/api/public/v1/users")
    assert command == "curl https://x/api/public/v1/users"


@settings(max_examples=200, deadline=None, database=None, derandomize=True)
@given(query=st.lists(st.tuples(st.text(max_size=8), st.text(max_size=12)), min_size=1, max_size=4))
def test_shown_is_readable_and_reads_back_as_the_query(query):
    call = ApiCall("GET", "/v1/users", query=tuple(query))
    shown = call.shown[len("/v1/users?") :]
    # Nothing unseen or reordering is left as it is...
    assert not any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in shown), shown
    # ...and the names and values come back exactly, each boundary where it was.
    pairs = [part.split("=", 1) for part in shown.split("&")]
    assert [(unquote(name), unquote(value)) for name, value in pairs] == query
