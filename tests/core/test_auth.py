"""Log-in throttling: guessing stops; no stranger can lock staff out."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from apps.core.auth import client_address

RIGHT = "right-password-123"


@pytest.fixture
def ada(django_user_model, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    return django_user_model.objects.create_user("ada", "ada@example.com", RIGHT)


def log_in(client, username, password, address="10.0.0.1", **meta):
    response = client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address, **meta
    )
    logged_in = "_auth_user_id" in client.session
    client.logout()
    return response, logged_in


def test_guesses_past_the_limit_are_refused_but_the_right_password_gets_in(client, ada):
    for _ in range(3):
        log_in(client, "ada", "wrong")
    response, logged_in = log_in(client, "ada", "wrong")
    assert "Too many failed log-ins" in response.content.decode()
    assert not logged_in
    assert log_in(client, "ada", RIGHT)[1]


def test_made_up_usernames_from_one_address_lock_no_one_else_out(client, ada):
    for number in range(5):
        log_in(client, f"nobody{number}", "guess")
    assert log_in(client, "ada", RIGHT, address="10.0.0.1")[1]
    assert log_in(client, "ada", RIGHT, address="10.9.9.9")[1]


def test_an_address_past_its_much_higher_limit_is_refused_everything(client, ada):
    for number in range(6):
        log_in(client, f"nobody{number}", "guess")
    response, logged_in = log_in(client, "ada", RIGHT)
    assert "Too many failed log-ins" in response.content.decode()
    assert not logged_in
    assert log_in(client, "ada", RIGHT, address="10.9.9.9")[1]  # only that address


def test_behind_the_proxy_each_client_counts_on_its_own(client, ada, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"address": "127.0.0.1"}
    for number in range(6):
        log_in(client, f"nobody{number}", "guess", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    assert log_in(client, "ada", RIGHT, HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy)[1]


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "1.1.1.1", "10.0.0.1"),  # no proxy trusted: the header is anyone's to write
        (1, "6.6.6.6, 1.1.1.1", "1.1.1.1"),  # what the client wrote itself comes first
        (2, "6.6.6.6, 1.1.1.1, 172.16.0.2", "1.1.1.1"),
        (2, "1.1.1.1", "10.0.0.1"),  # fewer hops than proxies: not through them
        (1, "", "10.0.0.1"),
    ],
)
def test_the_client_address_behind_trusted_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected
