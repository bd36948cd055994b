"""The client tells its listeners of every call once it has ended."""

import pytest

from apps.thinkific import errors
from apps.thinkific.client import ThinkificClient
from tests.thinkific.conftest import KEY, SUBDOMAIN, TIMEOUTS


def listened(*listeners):
    return ThinkificClient(subdomain=SUBDOMAIN, api_key=KEY, timeouts=TIMEOUTS, listeners=listeners)


def test_listeners_hear_each_call_with_its_answer_or_error(api):
    heard = []
    client = listened(heard.append)
    api.expect("PUT", "/users/7", sent={"first_name": "Ada"}, status=204)
    api.expect("GET", "/users/8", status=404, json={"error": "Record not found."})

    client.request("PUT", "/users/7", json={"first_name": "Ada"})
    with pytest.raises(errors.NotFoundError):
        client.request("GET", "/users/8")

    write, read = heard
    assert (write.method, write.path, write.body, write.error) == (
        "PUT",
        "/users/7",
        {"first_name": "Ada"},
        None,
    )
    assert write.is_write and not read.is_write
    assert isinstance(read.error, errors.NotFoundError)


def test_a_listener_that_fails_changes_nothing_for_the_caller(api, caplog):
    def broken(exchange):
        raise RuntimeError("listener bug")

    heard = []
    client = listened(broken, heard.append)
    api.expect("POST", "/users", sent={"email": "a@example.com"}, status=201, json={"id": 9})

    assert client.request("POST", "/users", json={"email": "a@example.com"}) == {"id": 9}
    assert heard[0].answer == {"id": 9}
    assert "listener" in caplog.text


def test_raw_calls_are_heard_too(api):
    heard = []
    client = listened(heard.append)
    api.expect("DELETE", "/users/7", status=204)

    client.raw("DELETE", client.url("users/7"), max_bytes=100, timeout=5)

    (exchange,) = heard
    assert exchange.raw and exchange.is_write and exchange.answer.status == 204
