import pytest
from django.http import QueryDict

from apps.console.calls import ApiCall
from apps.console.forms import CallForm


def form_for(**fields) -> CallForm:
    data = QueryDict(mutable=True)
    data.update({"method": "GET", "path": "/v1/users"})
    for name, value in fields.items():
        if isinstance(value, list):
            data.setlist(name, value)
        else:
            data[name] = value
    return CallForm(data)


def test_a_get_becomes_a_call():
    form = form_for(query_name=["page", ""], query_value=["2", ""])
    assert form.is_valid(), form.errors
    assert form.call == ApiCall("GET", "/v1/users", query=(("page", "2"),))
    assert form.confirmed


def test_a_query_typed_into_the_path_joins_the_query_rows():
    form = form_for(
        path=" /v1/instructors?limit=10&query[email]=a%40b.c ", query_name="page", query_value="2"
    )
    assert form.is_valid(), form.errors
    assert form.call.path == "/v1/instructors"
    assert form.call.query == (("limit", "10"), ("query[email]", "a@b.c"), ("page", "2"))


def test_a_path_without_its_leading_slash_gets_one():
    form = form_for(path="v1/users")
    assert form.is_valid()
    assert form.call.path == "/v1/users"


def test_a_refused_path_says_why_beside_the_field():
    form = form_for(path="https://evil.example/v1/users")
    assert not form.is_valid()
    assert "Absolute URLs are refused" in form.errors["path"][0]


def test_blank_rows_are_dropped_and_a_value_needs_a_name():
    form = form_for(query_name=["", "", "a"], query_value=["", "orphan", "1"])
    assert not form.is_valid()
    assert form.errors["query"] == ["The value “orphan” needs a name."]


def test_each_refused_header_gets_its_own_message():
    form = form_for(
        headers_name=["Authorization", "X-Ok", "Host"],
        headers_value=["Bearer x", "fine", "evil.example"],
    )
    assert not form.is_valid()
    messages = form.errors["headers"]
    assert len(messages) == 2
    assert "credentials" in messages[0]
    assert "Host" in messages[1]


def test_a_line_break_in_a_header_value_is_not_silently_trimmed():
    form = form_for(headers_name="X-Note", headers_value="fine\r\n")
    assert not form.is_valid()
    assert "line breaks" in form.errors["headers"][0]


def test_a_header_given_twice_is_refused():
    form = form_for(headers_name=["X-A", "x-a"], headers_value=["1", "2"])
    assert not form.is_valid()
    assert form.errors["headers"] == ["Each header once: x-a is given twice."]


def test_too_many_rows_are_refused():
    form = form_for(query_name=[f"k{i}" for i in range(51)], query_value=["v"] * 51)
    assert not form.is_valid()
    assert form.errors["query"] == ["At most 50 rows."]


def test_the_body_must_be_json():
    form = form_for(method="POST", body='{\n  "first_name": "Ada",\n  oops\n}')
    assert not form.is_valid()
    assert form.errors["body"] == [
        "This is not valid JSON: Expecting property name enclosed in double quotes "
        "(line 3, column 3)."
    ]


def test_the_body_is_sent_as_typed():
    body = '{"first_name": "Ada",   "last_name": "L"}'
    form = form_for(method="POST", body=body)
    assert form.is_valid()
    assert form.call.body == body


def test_a_blank_body_is_no_body():
    form = form_for(method="DELETE", body="  \n ")
    assert form.is_valid()
    assert form.call.body == ""


def test_a_huge_body_is_refused():
    form = form_for(method="POST", body='"' + "x" * 300_000 + '"')
    assert not form.is_valid()
    assert "larger than 256 KB" in form.errors["body"][0]


def test_a_get_has_no_body():
    form = form_for(method="GET", body="{}")
    assert not form.is_valid()
    assert "A GET sends no body" in form.errors["body"][0]


def test_an_unknown_method_is_refused():
    form = form_for(method="TRACE")
    assert not form.is_valid()
    assert "method" in form.errors


def test_a_write_is_confirmed_only_with_its_own_fingerprint():
    unconfirmed = form_for(method="DELETE", path="/v1/users/5")
    assert unconfirmed.is_valid()
    assert not unconfirmed.confirmed

    fingerprint = unconfirmed.call.fingerprint
    assert form_for(method="DELETE", path="/v1/users/5", confirm=fingerprint).confirmed
    assert not form_for(method="DELETE", path="/v1/users/6", confirm=fingerprint).confirmed
    assert not form_for(method="DELETE", path="/v1/users/5", confirm="1").confirmed


def test_the_rows_render_with_the_users_input_and_blank_rows_to_add_more():
    form = form_for(headers_name=["Host"], headers_value=["evil.example"])
    form.is_valid()
    html = str(form["headers"])
    assert 'name="headers_name" value="Host"' in html
    assert 'name="headers_value" value="evil.example"' in html
    assert html.count('name="headers_name"') == 3
    assert 'id="id_headers_0_name"' in html


def test_initial_values_fill_the_rows():
    call = ApiCall("PUT", "/v1/users/1", (("a", "1"),), (("X-A", "b"),), '{"x": 1}')
    form = CallForm(initial=call.as_initial())
    assert 'name="query_name" value="a"' in str(form["query"])
    assert 'name="headers_value" value="b"' in str(form["headers"])
    assert "{&quot;x&quot;: 1}" in str(form["body"])


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("[" * 5000 + "]" * 5000, "The JSON nests deeper than 64 levels."),
        ('{"amount": NaN}', "The JSON holds NaN: JSON numbers are finite."),
        ('{"name": "\\ud800"}', "unpaired surrogate escape"),
    ],
)
def test_a_body_the_reader_refuses_says_why(body, reason):
    form = form_for(method="POST", body=body)
    assert not form.is_valid()
    assert reason in form.errors["body"][0]
