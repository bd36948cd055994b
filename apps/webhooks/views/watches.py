"""Watches: the events each school sends, and the webhooks on Thinkific that serve them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from apps.core.decorators import school_view
from apps.core.htmx import is_fragment_request, render
from apps.core.responses import redirect_after_post
from apps.webhooks import registration, selectors, services, topics
from apps.webhooks.forms import WatchForm, event_pk
from apps.webhooks.models import Watch
from apps.webhooks.sync import SyncResult


@require_GET
@school_view("core.view_watches")
def watch_list(request):
    context = {
        **selectors.watch_overview(connection=request.school),
        "health": selectors.topic_health(connection=request.school),
        **selectors.watch_checks(connection=request.school),
    }
    return TemplateResponse(request, "webhooks/watch_list.html", context)


@require_http_methods(["GET", "POST"])
@school_view("core.view_watches")
def missed_list(request):
    """The changes reads of Thinkific found with no delivery; POST stores some as events."""
    topic = request.GET.get("topic", "") if request.GET.get("topic") in topics.BY_NAME else ""
    if request.method == "POST":
        if not request.user.has_perm("core.replay_events"):
            raise PermissionDenied
        count = services.missed_events_store(
            connection=request.school, pk=event_pk(request.POST.get("missed")), topic=topic
        )
        messages.success(request, f"{count} missed event(s) stored as events.")
        return redirect_after_post(request, request.get_full_path())
    missed = selectors.missed_list(
        connection=request.school, topic=topic, before=event_pk(request.GET.get("before"))
    )
    context = {
        "missed": missed,
        "topic": topics.BY_NAME.get(topic),
        "older": missed[-1].pk if len(missed) == selectors.PAGE_SIZE else None,
    }
    return TemplateResponse(request, "webhooks/missed_list.html", context)


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
