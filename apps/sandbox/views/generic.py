"""The views that serve every `Resource` (its list, one record, a list under a record),
and the JSON 404 for any other API path."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from apps.sandbox.api.http import body, endpoint, no_content, ok
from apps.sandbox.api.resource import Resource

ANY = ("GET", "POST", "PUT", "DELETE")


@endpoint(*ANY)
def collection(request: HttpRequest, resource: Resource) -> HttpResponse:
    resource.allow(request.method, member=False)
    school = request.caller.school
    scope = resource.scope(school, request.GET) if resource.scope else {}
    if request.method == "POST":
        record = resource.create(school=school, data=body(request), **scope)
        return ok(resource.serialize(record), resource.created_status)
    return ok(resource.page(school, request.GET, **scope))


@endpoint(*ANY)
def member(request: HttpRequest, resource: Resource, pk: str) -> HttpResponse:
    resource.allow(request.method, member=True)
    record = resource.get(request.caller.school, pk, request.GET)
    if request.method == "PUT":
        resource.update(instance=record, data=body(request))
        return no_content()
    if request.method == "DELETE":
        resource.delete(instance=record)
        return no_content()
    return ok(resource.serialize(record))


@endpoint("GET")
def children(
    request: HttpRequest, pk: str, parent: Resource, child: Resource, via: str
) -> HttpResponse:
    school = request.caller.school
    owner = parent.get(school, pk)
    return ok(child.page(school, request.GET, **{via: owner}))


@csrf_exempt
@login_not_required
def unknown_path(request: HttpRequest, path: str) -> HttpResponse:
    """Any other path under the APIs: a JSON 404, like the rest of the API."""
    return JsonResponse({"error": "Not Found"}, status=404)
