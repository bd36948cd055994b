"""OAuth for a sandbox school: the consent page, the token endpoint and revocation.

The sandbox has no Thinkific user login: whoever opens the consent page may approve.
"""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from apps.sandbox import errors
from apps.sandbox.models import School
from apps.sandbox.services import oauth

CARRIED = (
    "client_id",
    "redirect_uri",
    "response_type",
    "state",
    "code_challenge",
    "code_challenge_method",
)


@csrf_exempt  # no session, no login: the approval is as open as the page itself
@login_not_required
@require_http_methods(["GET", "POST"])
def authorize(request: HttpRequest, subdomain: str) -> HttpResponse:
    school = get_object_or_404(School, subdomain=subdomain)
    params = request.POST if request.method == "POST" else request.GET
    try:
        grant = oauth.authorization_request(school, params)
    except oauth.OAuthError as error:
        context = {"school": school, "error": error.description}
        return TemplateResponse(request, "sandbox/consent.html", context, status=error.status)
    if problem := oauth.authorization_problem(grant, params):
        return HttpResponseRedirect(grant.redirect(error=problem))
    if request.method == "GET":
        carried = {name: params[name] for name in CARRIED if params.get(name)}
        return TemplateResponse(
            request, "sandbox/consent.html", {"school": school, "carried": carried}
        )
    if params.get("decision") != "approve":
        return HttpResponseRedirect(grant.redirect(error="access_denied"))
    code = oauth.code_issue(grant)
    return HttpResponseRedirect(grant.redirect(code=code, subdomain=school.subdomain))


@csrf_exempt
@login_not_required
@require_POST
def token(request: HttpRequest, subdomain: str) -> HttpResponse:
    try:
        school = _school(subdomain)
        data = _data(request)
        client = oauth.client_from(request.headers.get("Authorization", ""), data)
        answer = oauth.token_grant(school, client, data)
    except errors.ApiError as error:
        return error.response()
    response = JsonResponse(answer)
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
@login_not_required
@require_POST
def revoke(request: HttpRequest, subdomain: str) -> HttpResponse:
    try:
        school = _school(subdomain)
        data = _data(request)
        client = oauth.client_from(request.headers.get("Authorization", ""), data)
        oauth.token_revoke(school, client, str(data.get("token") or ""))
    except errors.ApiError as error:
        return error.response()
    return JsonResponse({})


def _school(subdomain: str) -> School:
    school = School.objects.filter(subdomain=subdomain).first()
    if school is None:
        raise oauth.OAuthError("invalid_client", "No such school.", status=401)
    return school


def _data(request: HttpRequest) -> dict:
    """A JSON body, or form fields."""
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError as exc:
            raise oauth.OAuthError("invalid_request", "The body is not valid JSON.") from exc
        return data if isinstance(data, dict) else {}
    return request.POST.dict()
