"""The HTMX rules every page follows."""

from django.http import HttpRequest
from django.template.response import TemplateResponse


def is_fragment_request(request: HttpRequest) -> bool:
    """A request that wants a piece of a page: HTMX, but not boosted nor a history restore."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render(
    request: HttpRequest,
    template: str,
    context: dict | None = None,
    *,
    fragment: str | None = None,
    status: int | None = None,
) -> TemplateResponse:
    """The whole page, or only `template#fragment` when HTMX asks for a piece of it."""
    if fragment and is_fragment_request(request):
        template = f"{template}#{fragment}"
    return TemplateResponse(request, template, context, status=status)
