from apps.console import safety
from apps.console.endpoints import ENDPOINTS
from apps.console.forms import CallForm
from apps.console.selectors import call_get, call_history
from apps.console.services import call_send
from apps.core.decorators import school_view
from apps.core.htmx import render


@school_view("core.use_console")
def console_page(request):
    """Make an API call. GET shows the form (`?replay=<id>` fills it from the history);
    POST sends the call, after a confirmation for anything but GET."""
    replayed = None
    if "replay" in request.GET:
        replayed = call_get(user=request.user, connection=request.school, pk=request.GET["replay"])
    data = request.POST if request.method == "POST" else None
    form = CallForm(data, initial=replayed and replayed.as_call().as_initial())
    result = None
    if form.confirmed:
        try:
            result = call_send(
                client=request.thinkific,
                connection=request.school,
                user=request.user,
                call=form.call,
            )
        except safety.RefusedError as exc:
            form.add_error("path", str(exc))
        else:
            form = CallForm(initial=form.call.as_initial())
    context = {
        "form": form,
        "asking": form.is_bound and form.is_valid() and not form.confirmed,
        "result": result,
        "replayed": replayed,
        "history": call_history(user=request.user, connection=request.school),
        "endpoints": ENDPOINTS,
    }
    return render(request, "console/console_page.html", context, fragment="workspace")
