import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails

from apps.core.middleware import ThinkificErrorMiddleware
from apps.thinkific import errors


def run(exc, *, htmx=False, school=None, user=None):
    headers = {"HX-Request": "true"} if htmx else {}
    request = RequestFactory().get("/s/baking/users/", headers=headers)
    request.htmx = HtmxDetails(request)
    request.user = user or AnonymousUser()
    request.school = school
    return ThinkificErrorMiddleware(lambda r: None).process_exception(request, exc)


@pytest.mark.parametrize(
    ("exc", "status", "text"),
    [
        (errors.NotFoundError(), 404, "Not found on Thinkific"),
        (errors.AuthenticationError(), 502, "plan has no API access"),
        (errors.PermissionDeniedError("App does not have permission"), 502, "App does not have"),
        (errors.RateLimitedError(reset_at=9e12), 429, "Try again in"),
        (errors.NetworkError("Thinkific did not answer in time."), 504, "did not answer in time"),
        (errors.ServerError(status=503), 502, "server error"),
        (
            errors.ValidationError(body={"errors": ["Course could not be found."]}),
            422,
            "Course could not be found.",
        ),
    ],
)
def test_each_upstream_error_gets_its_status_and_message(db, exc, status, text):
    response = run(exc)
    assert response.status_code == status
    assert text in response.content.decode()
    assert "<html" in response.content.decode()


def test_rate_limit_says_when_to_retry(db):
    import time

    response = run(errors.RateLimitedError(reset_at=time.time() + 30))
    assert 29 <= int(response["Retry-After"]) <= 31


def test_htmx_requests_get_the_alert_retargeted(db):
    response = run(errors.NotFoundError(), htmx=True)
    page = response.content.decode()
    assert response["HX-Retarget"] == "#page-errors"
    assert "<html" not in page
    assert 'role="alert"' in page


def test_bad_credentials_link_to_the_connection_for_admins(db, school):
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser("root", "r@example.com", "pw")
    page = run(errors.AuthenticationError(), school=school, user=root).content.decode()
    assert f"/admin/connections/connection/{school.pk}/change/" in page


def test_other_exceptions_are_left_alone(db):
    assert run(ValueError("boom")) is None


def test_every_page_varies_on_hx_request(staff_client, school):
    assert "HX-Request" in staff_client.get("/s/baking/")["Vary"]
