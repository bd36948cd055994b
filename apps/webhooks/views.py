import json
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.connections.selectors import connection_list_for
from apps.core.decorators import school_view
from apps.core.htmx import is_fragment_request, render
from apps.core.responses import redirect_after_post
from apps.webhooks import describe, live, registration, selectors, services, topics
from apps.webhooks.forms import MAX_ID, FeedForm, WatchForm
from apps.webhooks.models import Watch
from apps.webhooks.receiver import RejectedError, delivery_receive, max_body_size, receiver_for
from apps.webhooks.sync import SyncResult

logger = logging.getLogger(__name__)


# -- the receiver -----------------------------------------------------------------------


class ReceivedResponse(JsonResponse):
    """Answers Thinkific at once; the open feeds are told only after the answer is sent."""

    def close(self):
        super().close()
        live.ring()


@csrf_exempt
@login_not_required
@require_POST
def receive(request, uuid):
    """Thinkific's deliveries for one school; the only view without login or CSRF."""
    receiver = receiver_for(uuid)
    if receiver is None:
        return JsonResponse({"error": "Unknown receiver."}, status=404)
    try:
        accepted = delivery_receive(
            receiver=receiver,
            body=_body(request),
            headers=dict(request.headers),
            remote_addr=request.META.get("REMOTE_ADDR"),
        )
    except RejectedError as exc:
        logger.info("webhook rejected for connection %s: %s", receiver.connection_id, exc.reason)
        return JsonResponse({"error": exc.reason}, status=exc.status)
    if accepted.duplicate:
        return JsonResponse({"ok": True, "duplicate": True})
    return ReceivedResponse({"ok": True, "duplicate": False})


def _body(request) -> bytes:
    """The delivery's body, read no further than the size limit (and one byte to tell)."""
    limit = max_body_size()
    length = request.META.get("CONTENT_LENGTH") or ""
    if length and not length.isdigit():  # a 500 would only make Thinkific send it again
        raise RejectedError(400, "Bad Content-Length header.")
    if length and int(length) > limit:
        raise RejectedError(413, "Body too large.")
    if length or "wsgi.input" not in request.META:  # ASGI: the server read the body already
        body = request.read(limit + 1)
    elif request.META.get("wsgi.input_terminated"):
        # Chunked, so no Content-Length: the server (gunicorn) ends the stream at its end.
        body = request.META["wsgi.input"].read(limit + 1)
    elif "chunked" in request.headers.get("Transfer-Encoding", "").lower():
        raise RejectedError(411, "This server cannot read a chunked body: send Content-Length.")
    else:
        body = b""
    if len(body) > limit:
        raise RejectedError(413, "Body too large.")
    return body


# -- the activity feed ------------------------------------------------------------------


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
    return _feed_page(request, form, stream)


def _feed_page(request, form: FeedForm, stream_url: str):
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
    }
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
    after = _int(request.headers.get("Last-Event-ID")) or _int(request.GET.get("after"))
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


def _int(value) -> int | None:
    """An event id from the query or a header; None for anything that cannot be one."""
    text = str(value or "").strip()
    if not text.isdigit() or len(text) > 19 or int(text) > MAX_ID:
        return None
    return int(text)


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


# -- watches ----------------------------------------------------------------------------


@require_GET
@school_view("core.view_watches")
def watch_list(request):
    return TemplateResponse(
        request, "webhooks/watch_list.html", selectors.watch_overview(connection=request.school)
    )


@require_http_methods(["GET", "POST"])
@school_view("core.add_watches")
def watch_add(request):
    starter = topics.BY_NAME.get(request.GET.get("topic", ""))
    initial = {"name": starter.watch_name, "topics": [starter.name]} if starter else {}
    data = request.POST if request.method == "POST" else None
    form = WatchForm(data, connection=request.school, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            watch, result = services.watch_create(
                connection=request.school, client=request.thinkific, **form.cleaned_data
            )
        except services.WatchNameTakenError:
            form.add_error("name", WatchForm.NAME_TAKEN)
        else:
            _report(request, f"Watch “{watch.name}” saved.", result)
            return _back_to_list(request)
    return _watch_form(request, form, watch=None)


@require_http_methods(["GET", "POST"])
@school_view("core.change_watches")
def watch_edit(request, pk: int):
    watch = get_object_or_404(Watch, connection=request.school, pk=pk)
    initial = {"name": watch.name, "topics": watch.topics}
    data = request.POST if request.method == "POST" else None
    form = WatchForm(data, connection=request.school, instance=watch, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            result = services.watch_update(
                watch=watch, client=request.thinkific, **form.cleaned_data
            )
        except services.WatchNameTakenError:
            form.add_error("name", WatchForm.NAME_TAKEN)
        else:
            _report(request, f"Watch “{watch.name}” saved.", result)
            return _back_to_list(request)
    return _watch_form(request, form, watch=watch)


def _watch_form(request, form: WatchForm, *, watch: Watch | None):
    context = {
        "form": form,
        "watch": watch,
        "options": list(zip(form["topics"], topics.TOPICS, strict=True)),
        "problems": registration.receiver_url_problems(request.school.receiver_url),
    }
    status = 422 if form.is_bound else None  # htmx 2 swaps it: the errors show in place
    return render(request, "webhooks/watch_form.html", context, fragment="form", status=status)


@require_http_methods(["GET", "POST"])
@school_view("core.delete_watches")
def watch_delete(request, pk: int):
    watch = get_object_or_404(Watch, connection=request.school, pk=pk)
    if request.method == "POST":
        result = services.watch_delete(watch=watch, client=request.thinkific)
        _report(request, f"Watch “{watch.name}” deleted.", result)
        return _back_to_list(request)
    shared = selectors.topics_kept_by_others(watch=watch)
    consequence = "Its webhooks are removed from Thinkific, so these events stop arriving."
    if shared:
        consequence = (
            "Its webhooks are removed from Thinkific, except those other watches still use "
            f"({', '.join(shared)})."
        )
    context = {"watch": watch, "consequence": f"{consequence} Events received stay in the feed."}
    return render(request, "webhooks/watch_delete.html", context, fragment="confirm")


@require_http_methods(["GET", "POST"])
@school_view("core.view_watches")
def watch_check(request):
    """What Thinkific has beside what the watches want; POST repairs the difference."""
    if request.method == "POST":
        if not request.user.has_perm("core.change_watches"):
            raise PermissionDenied
        result = services.webhooks_sync(connection=request.school, client=request.thinkific)
        _report(request, "", result)
        if not is_fragment_request(request):  # a refresh must not repair again
            return redirect_after_post(request, request.path)
    check = selectors.webhooks_compare(connection=request.school, client=request.thinkific)
    context = {
        "check": check,
        "problems": registration.receiver_url_problems(request.school.receiver_url),
        **selectors.manual_steps(connection=request.school, topic_names=check.expected),
    }
    return render(request, "webhooks/watch_check.html", context, fragment="check")


def _report(request, saved: str, result: SyncResult) -> None:
    level = messages.SUCCESS if result.ok else messages.WARNING
    messages.add_message(request, level, f"{saved} {result.message}".strip())


def _back_to_list(request):
    return redirect_after_post(request, reverse("webhooks:watch_list", args=[request.school.slug]))
