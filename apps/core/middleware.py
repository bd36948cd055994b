"""Failures become one clear page (or HTMX fragment) with the right status."""

import logging
from urllib.parse import urlencode

from django.contrib.auth import middleware as auth_middleware
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import resolve_url
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django_htmx.http import HttpResponseClientRedirect

from apps.core.htmx import is_fragment_request
from apps.core.upstream import error_wording
from apps.thinkific import errors

logger = logging.getLogger(__name__)


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
    """Thinkific's failures, and the 403s and 404s of HTMX requests (whose bare Django
    error page would otherwise be swapped into the middle of a page)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exc):
        if isinstance(exc, errors.ThinkificError):
            return self._thinkific_error(request, exc)
        if is_fragment_request(request) and isinstance(exc, Http404 | PermissionDenied):
            if isinstance(exc, Http404):
                title, detail = "Not found", "This page does not exist, or is not yours to see."
                return self._render(request, 404, {"title": title, "detail": detail})
            title, detail = "Not allowed", "You do not have permission to do this."
            return self._render(request, 403, {"title": title, "detail": detail})
        return None

    def _thinkific_error(self, request, exc: errors.ThinkificError):
        school = getattr(request, "school", None)
        status, title, detail = error_wording(exc, method=request.method)
        logger.warning(
            "thinkific error on %s: %s (%s)", request.path, type(exc).__name__, exc.status
        )
        context = {"title": title, "detail": detail, "error": exc, "school": school}
        can_fix = request.user.has_perm("connections.change_connection")
        if school is not None and can_fix and isinstance(exc, errors.AuthenticationError):
            context["connection_admin_url"] = reverse(
                "admin:connections_connection_change", args=[school.pk]
            )
        response = self._render(request, status, context)
        if isinstance(exc, errors.RateLimitedError):
            response["Retry-After"] = str(exc.retry_after)
        return response

    @staticmethod
    def _render(request, status: int, context: dict):
        template = "core/thinkific_error.html"
        response = TemplateResponse(request, template, context, status=status)
        if is_fragment_request(request):
            response.template_name = f"{template}#alert"
            response["HX-Retarget"] = "#page-errors"
            response["HX-Reswap"] = "innerHTML"
        return response.render()


class LoginRequiredMiddleware(auth_middleware.LoginRequiredMiddleware):
    """Django's, except that an HTMX request of an expired session reloads the whole page
    at the login form, instead of swapping the login page into a fragment."""

    def handle_no_permission(self, request, view_func):
        if getattr(request, "htmx", None):
            current = request.htmx.current_url_abs_path or request.get_full_path()
            return HttpResponseClientRedirect(
                f"{resolve_url(self.get_login_url(view_func))}?{urlencode({'next': current})}"
            )
        return super().handle_no_permission(request, view_func)
