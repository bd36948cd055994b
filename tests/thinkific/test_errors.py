import json

import pytest
import requests

from apps.thinkific import errors
from apps.thinkific.errors import normalize_errors, parse_rate_limit_reset

NOW = 1_700_000_000.0


def answer(status, *, body=None, text=None, headers=None):
    response = requests.Response()
    response.status_code = status
    if body is not None:
        response._content = json.dumps(body).encode()
        response.headers["Content-Type"] = "application/json"
    else:
        response._content = (text or "").encode()
    response.headers.update(headers or {})
    return response


@pytest.mark.parametrize(
    ("status", "body", "kind", "message"),
    [
        (
            401,
            {"error": "Authentication Error"},
            errors.AuthenticationError,
            "Authentication Error",
        ),
        (
            403,
            {"error": "Access to Apps is not available on your plan."},
            errors.PermissionDeniedError,
            "Access to Apps is not available on your plan.",
        ),
        (404, {"error": "Record not found."}, errors.NotFoundError, "Record not found."),
        (404, {"error": ["Record not found."]}, errors.NotFoundError, "Record not found."),
        (
            404,
            {"error": [{"group_id": "Could not find group with ID 1."}]},
            errors.NotFoundError,
            "group_id Could not find group with ID 1.",
        ),
        (
            404,
            {"error": {"user_id": ["Could not find user with ID 1."]}},
            errors.NotFoundError,
            "user_id Could not find user with ID 1.",
        ),
        (400, {"error": "Parameter ID is required."}, errors.ThinkificError, "Parameter ID"),
        (409, {}, errors.ThinkificError, "Thinkific answered with an error."),
    ],
)
def test_client_errors_map_to_their_class_with_thinkifics_message(status, body, kind, message):
    error = errors.for_response(answer(status, body=body))

    assert type(error) is kind
    assert error.status == status
    assert error.body == body
    assert message in error.message


def test_an_error_without_a_body_keeps_the_default_message():
    error = errors.for_response(answer(401))

    assert isinstance(error, errors.AuthenticationError)
    assert "plan without API access" in error.message


@pytest.mark.parametrize(
    ("body", "field_errors", "general"),
    [
        (
            {"errors": {"email": ["has already been taken"], "password": ["is too short"]}},
            {"email": ["has already been taken"], "password": ["is too short"]},
            [],
        ),
        (
            {"errors": {"user_id": "Invalid user IDs: 3, 4", "group_id": "Invalid group ID: 1"}},
            {"user_id": ["Invalid user IDs: 3, 4"], "group_id": ["Invalid group ID: 1"]},
            [],
        ),
        (
            {"errors": ["Course could not be found.", "User could not be found."]},
            {},
            ["Course could not be found.", "User could not be found."],
        ),
        (
            {"errors": [{"user_ids": "Invalid user IDs: 1"}]},
            {"user_ids": ["Invalid user IDs: 1"]},
            [],
        ),
        (
            {"errors": {"base": ["must provide one of: src or content"]}},
            {},
            ["must provide one of: src or content"],
        ),
        ({"errors": "Something broke"}, {}, ["Something broke"]),
        ({}, {}, []),
        ("<html>oops</html>", {}, []),
    ],
)
def test_422_bodies_in_every_shape_become_field_and_general_errors(body, field_errors, general):
    response = answer(422, body=body) if isinstance(body, dict) else answer(422, text=body)

    error = errors.for_response(response)

    assert isinstance(error, errors.ValidationError)
    assert error.field_errors == field_errors
    assert error.non_field_errors == general


def test_a_validation_error_reads_as_one_line():
    error = errors.ValidationError(
        body={"errors": {"email": ["has already been taken"], "base": ["Too many users"]}}
    )

    assert error.message == "Too many users; email has already been taken"


def test_normalize_errors_takes_a_bare_list():
    assert normalize_errors(["a", "b"]) == ({}, ["a", "b"])


@pytest.mark.parametrize(
    "status", [500, 502, 503, 504, 520, 521, 522, 523, 524, 525, 526, 527, 530]
)
def test_5xx_including_cloudflares_are_server_errors(status):
    error = errors.for_response(answer(status, text="<html><h1>Web server is down</h1></html>"))

    assert type(error) is errors.ServerError
    assert error.status == status
    assert str(status) in error.message
    assert error.body.startswith("<html>")


def test_a_non_json_error_body_is_kept_as_text_shortened():
    error = errors.for_response(answer(404, text="x" * 2000))

    assert isinstance(error, errors.NotFoundError)
    assert error.body == "x" * 500
    assert error.message == errors.NotFoundError.default_message


@pytest.mark.parametrize(
    ("header", "reset_at"),
    [
        ("1700000030", NOW + 30),  # epoch seconds
        ("1700000030000", NOW + 30),  # epoch milliseconds
        ("1700000030500", NOW + 30.5),
        ("30", NOW + 30),  # a delay in seconds
        ("30000", NOW + 30),  # a delay in milliseconds
        (None, NOW + 60),
        ("soon", NOW + 60),
        ("-5", NOW + 60),
        ("nan", NOW + 60),
        ("1800000000", NOW + 3600),  # days away: a misreading, capped at an hour
    ],
)
def test_parse_rate_limit_reset(header, reset_at):
    assert parse_rate_limit_reset(header, now=NOW) == pytest.approx(reset_at)


def test_429_carries_the_reset_time_from_its_header(clock):
    reset_ms = str(int((clock.now + 42) * 1000))

    error = errors.for_response(answer(429, text="", headers={"RateLimit-Reset": reset_ms}))

    assert isinstance(error, errors.RateLimitedError)
    assert error.reset_at == pytest.approx(clock.now + 42)
    assert error.retry_after == 42
    assert error.reset_at_datetime.timestamp() == pytest.approx(clock.now + 42)


def test_retry_after_is_at_least_a_second(clock):
    assert errors.RateLimitedError(reset_at=clock.now - 10).retry_after == 1
