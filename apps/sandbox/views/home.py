"""/sandbox/ itself: what the sandbox is, its schools and how to reach them."""

from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from apps.sandbox.demo.seed import counts
from apps.sandbox.models import School
from apps.sandbox.selectors import school_credentials


@require_GET
def index(request: HttpRequest) -> TemplateResponse:
    """For logged-in staff (the portal's login applies); keys only for admin staff."""
    base_url = request.build_absolute_uri("/").rstrip("/")
    schools = [
        {
            **school_credentials(school, base_url),
            "records": ", ".join(f"{n:,} {label}" for label, n in counts(school).items()),
        }
        for school in School.objects.order_by("name")
    ]
    context = {"schools": schools, "base_url": base_url, "show_keys": request.user.is_staff}
    return TemplateResponse(request, "sandbox/index.html", context)
