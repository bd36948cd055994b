"""The school home's "Get started" panel: a new school's watches and index, one click each,
offered until both are done."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from apps.core.decorators import school_view
from apps.core.htmx import is_fragment_request, render
from apps.core.responses import redirect_after_post
from apps.webhooks import selectors, services
from apps.webhooks.views.watches import _report


@require_GET
@school_view()
def get_started(request):
    """The panel while a step is left; once both are done, nothing (the home's placeholder
    goes away), or the home itself without HTMX."""
    steps = selectors.first_steps(connection=request.school)
    if steps.done:
        return HttpResponse("") if is_fragment_request(request) else redirect(request.school)
    return render(request, "webhooks/get_started.html", {"steps": steps}, fragment="panel")


@require_POST
@school_view("core.add_watches")
def watch_start(request):
    """ "Watch the school's events": its first watch, of the events schools watch most."""
    try:
        started = services.watch_start(connection=request.school, client=request.thinkific)
    except services.WatchNameTakenError:  # a double click: the first one made it
        started = None
    if started is None:
        messages.info(request, "This school has watches already: see Watches.")
    else:
        watch, result = started
        _report(request, f"Watch “{watch.name}” saved.", result)
    return redirect_after_post(request, request.school.get_absolute_url())
