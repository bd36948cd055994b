"""The activity feed: its pages, its live streams, one event's page, the school home's chart."""

import json

from django.core.exceptions import PermissionDenied
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from apps.connections.selectors import connection_list_for
from apps.core.csvdownload import csv_download
from apps.core.decorators import school_view
from apps.core.htmx import render
from apps.core.listcsv import csv_link
from apps.webhooks import chart, describe, live, selectors
from apps.webhooks.forms import FeedForm, event_pk


@require_GET
def feed_all(request):
    """Every school's activity the user may see."""
    form = FeedForm(request.GET, schools=_schools_for_feed(request))
    return _feed_page(request, form, reverse("webhooks:feed_all_stream"))


@require_GET
@school_view("core.view_events")
def feed(request):
    form = FeedForm(request.GET, schools=[request.school], school=request.school)
    stream = reverse("webhooks:feed_stream", args=[request.school.slug])
    failed = selectors.followups_failed_count(connection=request.school)
    return _feed_page(request, form, stream, failed=failed)


@require_GET
@school_view("core.view_events")
def feed_export(request):
    """The school's stored events its feed's filters select, every page of them, newest
    first: a CSV streamed from the database."""
    form = FeedForm(request.GET, schools=[request.school], school=request.school)
    events = form.feed(user=request.user).events().order_by("-id").iterator(chunk_size=500)
    lines = describe.csv_lines(events, zone=timezone.get_current_timezone())
    return csv_download(lines, filename=f"{request.school.slug}-activity.csv")


def _feed_page(request, form: FeedForm, stream_url: str, failed: int = 0):
    feed = form.feed(user=request.user)
    after = selectors.latest_event_id()  # read first: a row in both is shown once
    events = selectors.event_list(feed=feed, before=form.before_id)
    query = request.GET.copy()
    query.pop("before", None)
    query["after"] = after
    newest = query.copy()
    newest.pop("after")
    older = newest.copy()
    older["before"] = events[-1].pk if events else ""
    context = {
        "form": form,
        "rows": describe.rows(events, feed.links),
        "show_school": feed.cross_school,
        "stream_src": f"{stream_url}?{query.urlencode()}"
        if feed.is_live and not form.before_id
        else "",
        "older_query": older.urlencode() if len(events) == selectors.PAGE_SIZE else "",
        "paged": bool(form.before_id),
        "newest_query": newest.urlencode(),
        "failed": failed,
    }
    if not feed.cross_school:
        export = reverse("webhooks:feed_export", args=[request.school.slug])
        context["csv_url"] = csv_link(request, export, paging=("before", "after"))
    return render(request, "webhooks/event_list.html", context, fragment="results")


@require_GET
def feed_all_stream(request):
    form = FeedForm(request.GET, schools=_schools_for_feed(request))
    return _stream(request, form.feed(user=request.user))


@require_GET
@school_view("core.view_events")
def feed_stream(request):
    form = FeedForm(request.GET, schools=[request.school], school=request.school)
    return _stream(request, form.feed(user=request.user))


def _stream(request, feed: selectors.Feed):
    if not feed.is_live or not feed.connection_ids:
        return HttpResponse(status=204)  # EventSource stops asking
    after = event_pk(request.headers.get("Last-Event-ID")) or event_pk(request.GET.get("after"))
    if after is None:
        after = selectors.latest_event_id()
    if isinstance(request, ASGIRequest):
        content = live.stream_async(feed, after)
    else:
        content = live.stream_sync(feed, after)
    response = StreamingHttpResponse(content, content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each message on at once
    return response


def _schools_for_feed(request):
    if not request.user.has_perm("core.view_events"):
        raise PermissionDenied
    return connection_list_for(user=request.user).only("pk", "slug", "name")


@require_GET
@school_view("core.view_events")
def event_detail(request, pk: int):
    event = selectors.event_get(connection=request.school, pk=pk)
    context = {
        "event": event,
        "row": describe.rows([event], describe.Links.for_user(request.user))[0],
        "payload": json.dumps(event.payload, indent=2, ensure_ascii=False, sort_keys=True),
        "headers": sorted(event.headers.items()),
    }
    return TemplateResponse(request, "webhooks/event_detail.html", context)


@require_GET
@school_view("core.view_events")
def activity_chart(request):
    """The last 30 days' events per day: a panel of the school home, or a page of its own."""
    context = {"activity": chart.activity_chart(connection=request.school)}
    return render(request, "webhooks/activity_chart.html", context, fragment="panel")
