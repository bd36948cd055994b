"""Upstream failures become one clear page (or HTMX fragment) with the right status."""

import logging

from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers

from apps.core.htmx import is_fragment_request
from apps.thinkific import errors

logger = logging.getLogger(__name__)


def describe(exc: errors.ThinkificError) -> tuple[int, str, str]:
    """(status for our page, title, what to do) for an error from Thinkific."""
    if isinstance(exc, errors.NotFoundError):
        return 404, "Not found on Thinkific", "The record does not exist, or was deleted."
    if isinstance(exc, errors.AuthenticationError):
        return (
            502,
            "Thinkific rejected the school's credentials",
            (
                "Check the API key or reconnect OAuth in the connection's settings. Thinkific "
                "answers the same when the school's plan has no API access."
            ),
        )
    if isinstance(exc, errors.PermissionDeniedError):
        return (
            502,
            "Thinkific refused this action",
            (f"The school's credentials may not do this: {exc.message}"),
        )
    if isinstance(exc, errors.RateLimitedError):
        return (
            429,
            "Thinkific's request limit reached",
            (f"The school used its 120 requests a minute. Try again in {exc.retry_after} seconds."),
        )
    if isinstance(exc, errors.NetworkError):
        return 504, "Thinkific could not be reached", f"{exc.message} Try again in a moment."
    if isinstance(exc, errors.ValidationError):
        messages = exc.non_field_errors + [
            f"{field}: {', '.join(texts)}" for field, texts in exc.field_errors.items()
        ]
        return 422, "Thinkific did not accept the data", "; ".join(messages) or exc.message
    return 502, "Thinkific answered with an error", f"{exc.message} Try again in a moment."


class HtmxVaryMiddleware:
    """Pages answer a whole page or a fragment at the same URL: `Vary: HX-Request` keeps
    the browser from showing a cached fragment as the page on back and forward."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_vary_headers(response, ("HX-Request",))
        return response


class ThinkificErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exc):
        if not isinstance(exc, errors.ThinkificError):
            return None
        school = getattr(request, "school", None)
        status, title, detail = describe(exc)
        logger.warning(
            "thinkific error on %s: %s (%s)", request.path, type(exc).__name__, exc.status
        )
        context = {
            "title": title,
            "detail": detail,
            "error": exc,
            "school": school,
            "show_connection_link": isinstance(exc, errors.AuthenticationError),
        }
        if school is not None and request.user.has_perm("connections.change_connection"):
            context["connection_admin_url"] = reverse(
                "admin:connections_connection_change", args=[school.pk]
            )
        template = "core/thinkific_error.html"
        response = TemplateResponse(request, template, context, status=status)
        if is_fragment_request(request):
            response.template_name = f"{template}#alert"
            response["HX-Retarget"] = "#page-errors"
            response["HX-Reswap"] = "innerHTML"
        if isinstance(exc, errors.RateLimitedError):
            response["Retry-After"] = str(exc.retry_after)
        return response.render()
