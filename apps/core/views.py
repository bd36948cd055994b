from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from apps.connections.selectors import connection_list_for
from apps.connections.services import connection_check, governor_for
from apps.core.decorators import school_view
from apps.core.htmx import render


def home(request):
    """The user's schools; straight to the school when there is only one."""
    schools = list(connection_list_for(user=request.user))
    if len(schools) == 1:
        return redirect(schools[0])
    return TemplateResponse(request, "core/home.html", {"schools": schools})


@school_view()
def school_home(request):
    return TemplateResponse(
        request,
        "core/school_home.html",
        {
            "budget": governor_for(request.school).budget(),
        },
    )


@require_POST
@school_view()
def school_check(request):
    """Check the school's connection now; answers the health panel."""
    result = connection_check(connection=request.school)
    request.school.refresh_from_db()
    return render(
        request,
        "core/school_home.html",
        {
            "budget": governor_for(request.school).budget(),
            "check": result,
        },
        fragment="health",
    )
