from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.connections.selectors import connection_list_for
from apps.connections.services import connection_check, governor_for
from apps.core import timezones
from apps.core.cache import outage_since
from apps.core.decorators import school_view
from apps.core.htmx import is_fragment_request
from apps.core.responses import redirect_after_post


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
    context = {
        "budget": governor_for(request.school).budget(),
        "shared_cache_down_since": outage_since(),
    }
    return TemplateResponse(request, "core/school_home.html", context)


@require_GET
@school_view()
def school_health(request):
    """The home's health panel, loaded after the page: it checks the connection first when
    no check is on record yet, so that "Not checked yet" lasts one page view at most."""
    if request.school.last_check_ok is None:
        connection_check(connection=request.school)
        request.school.refresh_from_db()
    if not is_fragment_request(request):
        return redirect(request.school)
    context = {"shared_cache_down_since": outage_since()}
    return TemplateResponse(request, "core/school_home.html#health", context)


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
    context = {"check": result, "shared_cache_down_since": outage_since()}
    return TemplateResponse(request, "core/school_home.html#health", context)


def csrf_failure(request, reason=""):
    return TemplateResponse(request, "403_csrf.html", status=403)


@require_http_methods(["GET", "POST"])
def time_zone(request):
    """The staff member's time zone, under the account menu."""
    form = timezones.TimeZoneForm(
        request.POST or None, initial={"time_zone": timezones.preferred(request)}
    )
    if form.is_bound and form.is_valid():
        timezones.time_zone_set(request=request, name=form.cleaned_data["time_zone"])
        messages.success(request, f"Times are now shown in {timezones.current_name()}.")
        return redirect_after_post(request, request.get_full_path())
    context = {"form": form, "now": timezone.now(), "zone": timezones.current_name()}
    return TemplateResponse(request, "core/time_zone.html", context)
