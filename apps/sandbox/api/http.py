"""`endpoint`: what every API view shares, and the small helpers views answer with."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from apps.sandbox import errors
from apps.sandbox.api import auth, throttle


def endpoint(*methods: str, api: str = "v1") -> Callable:
    """An API view: caller authentication, rate limit, faults, method check, error answers.

    The view finds the caller in `request.caller` (school and credential kind). API views
    answer JSON, need no portal login and no CSRF token, like Thinkific's.
    """

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                request.caller = auth.authenticate(request, api=api)
                throttle.rate_limit(request.caller.school)
                throttle.inject_faults(request.caller.school)
                if request.method not in methods:
                    raise errors.MethodNotAllowedError(list(methods))
                return view(request, *args, **kwargs)
            except errors.ApiError as error:
                return error.response()

        return csrf_exempt(login_not_required(wrapper))

    return decorate


def body(request: HttpRequest) -> dict:
    """The request's JSON object ({} when empty)."""
    if not request.body.strip():
        return {}
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise errors.BadRequestError("The request body is not valid JSON.") from exc
    if not isinstance(data, dict):
        raise errors.BadRequestError("The request body must be a JSON object.")
    return data


def ok(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False)


def no_content(status: int = 204) -> HttpResponse:
    """An answer without a body, so without a content type (Django's default is HTML)."""
    response = HttpResponse(status=status)
    del response["Content-Type"]
    return response
