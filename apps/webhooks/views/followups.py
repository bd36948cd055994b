"""Follow-ups of stored events for staff: those that failed, and asking for a retry."""

from django.contrib import messages
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from apps.core.decorators import school_view
from apps.core.responses import redirect_after_post
from apps.webhooks import describe, followups, selectors, services
from apps.webhooks.forms import event_pk


@require_GET
@school_view("core.view_events")
def followups_failed(request):
    before = event_pk(request.GET.get("before"))
    events = selectors.followups_failed(connection=request.school, before=before)
    older = events[-1].pk if len(events) == selectors.PAGE_SIZE else None
    context = {
        "rows": describe.rows(events, describe.Links.for_user(request.user)),
        "older": older,
        "paged": bool(before),
        "max_attempts": followups.MAX_ATTEMPTS,
    }
    return TemplateResponse(request, "webhooks/followups_failed.html", context)


@require_POST
@school_view("core.replay_events")
def event_retry(request, pk: int):
    event = selectors.event_get(connection=request.school, pk=pk)
    if services.followup_retry(event=event):
        messages.success(request, f"The follow-up of “{event.topic_label}” is queued again.")
    else:
        messages.info(request, f"The follow-up of “{event.topic_label}” has not failed.")
    return redirect_after_post(request, _back(request, event))


@require_POST
@school_view("core.replay_events")
def event_replay(request, pk: int):
    """Run a stored event's follow-up again: into the index (and rules), not to Thinkific."""
    event = selectors.event_get(connection=request.school, pk=pk)
    services.event_replay(event=event)
    messages.success(
        request,
        f"“{event.topic_label}” is replayed into the portal on its background worker; "
        "Thinkific is not told. What it changes shows here once it ran.",
    )
    return redirect_after_post(request, _back(request, event))


def _back(request, event) -> str:
    """Where the retry came from (the failed list, the event's page), on this site only."""
    url = request.POST.get("next", "")
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return reverse("webhooks:event_detail", args=[request.school.slug, event.pk])
