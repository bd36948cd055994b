"""Who is calling: a school, identified by its API key or by an OAuth access token."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from apps.sandbox import errors
from apps.sandbox.models import School
from apps.sandbox.services import oauth


@dataclass(frozen=True)
class Caller:
    school: School
    via_oauth: bool


def authenticate(request: HttpRequest, *, api: str) -> Caller:
    """v1: the X-Auth-API-Key/X-Auth-Subdomain pair or an OAuth bearer token.

    v2 (webhooks): the same, and also the site API key sent as a bearer token.
    """
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() == "bearer" and token:
        if api == "v2" and (school := School.objects.filter(api_key=token).first()):
            return Caller(school, via_oauth=False)
        if school := oauth.school_for_access_token(token):
            return Caller(school, via_oauth=True)
    key = request.headers.get("X-Auth-API-Key", "").strip()
    subdomain = request.headers.get("X-Auth-Subdomain", "").strip()
    school = School.objects.filter(api_key=key, subdomain=subdomain).first() if key else None
    if school is not None:
        return Caller(school, via_oauth=False)
    raise errors.AuthenticationError()
