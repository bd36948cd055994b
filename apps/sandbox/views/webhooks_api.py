"""The Webhooks API v2: register webhooks, and read back the events they were sent."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from apps.sandbox import errors, selectors
from apps.sandbox import models as m
from apps.sandbox.api.http import body, endpoint, no_content, ok
from apps.sandbox.api.pagination import cursor_paginate
from apps.sandbox.events.envelope import envelope
from apps.sandbox.formats import nano_stamp
from apps.sandbox.services import webhooks


def webhook_data(row: m.Webhook) -> dict:
    return {
        "id": row.pk,
        "status": row.status,
        "topic": row.topic,
        "created_at": nano_stamp(row.created_at),
        "created_by": row.created_by,
        "updated_at": nano_stamp(row.updated_at),
        "updated_by": row.updated_by,
        "target_url": row.target_url,
    }


def _webhook(request: HttpRequest, pk: str) -> m.Webhook:
    found = selectors.webhooks(request.caller.school).filter(pk=pk).first()
    if found is None:
        raise errors.NotFoundError()
    return found


@endpoint("GET", "POST", api="v2")
def webhook_list(request: HttpRequest) -> HttpResponse:
    school = request.caller.school
    if request.method == "POST":
        hook = webhooks.webhook_create(
            school=school, data=body(request), via_oauth=request.caller.via_oauth
        )
        return ok(webhook_data(hook), 201)
    return ok(cursor_paginate(request.GET, selectors.webhooks(school), webhook_data))


@endpoint("GET", "PUT", "DELETE", api="v2")
def webhook_detail(request: HttpRequest, pk: str) -> HttpResponse:
    hook = _webhook(request, pk)
    if request.method == "PUT":
        return ok(webhook_data(webhooks.webhook_update(instance=hook, data=body(request))))
    if request.method == "DELETE":
        webhooks.webhook_delete(instance=hook)
        return no_content()
    return ok(webhook_data(hook))


@endpoint("GET", api="v2")
def event_detail(request: HttpRequest, pk: str) -> HttpResponse:
    school = request.caller.school
    event = m.Event.objects.select_related("school").filter(school=school, pk=pk).first()
    if event is None:
        raise errors.NotFoundError()
    return ok(envelope(event))
