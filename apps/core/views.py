from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from apps.connections.selectors import connection_list_for
from apps.connections.services import connection_check, governor_for
from apps.core.decorators import school_view
from apps.core.htmx import is_fragment_request
from apps.webhooks.chart import activity_chart


def home(request):
    """The user's schools; straight to the school when there is only one, or to the one
    the school switcher names (its form works without JavaScript too)."""
    schools = list(connection_list_for(user=request.user))
    chosen = [school for school in schools if school.slug == request.GET.get("school")]
    if len(schools) == 1 or chosen:
        return redirect((chosen or schools)[0])
    return TemplateResponse(request, "core/home.html", {"schools": schools})


@school_view()
def school_home(request):
    context = {"budget": governor_for(request.school).budget()}
    if request.user.has_perm("core.view_events"):
        context["activity"] = activity_chart(connection=request.school)
    return TemplateResponse(request, "core/school_home.html", context)


@require_POST
@school_view("core.check_connection")
def school_check(request):
    """Check the school's connection now: answers the health panel, or reloads the page."""
    result = connection_check(connection=request.school)
    if not is_fragment_request(request):
        level = messages.SUCCESS if result.ok else messages.ERROR
        messages.add_message(request, level, result.message)
        return redirect(request.school)
    request.school.refresh_from_db()
    return TemplateResponse(request, "core/school_home.html#health", {"check": result})


def csrf_failure(request, reason=""):
    return TemplateResponse(request, "403_csrf.html", status=403)
