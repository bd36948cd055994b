"""Answers to a successful form post: a redirect, or its HTMX equivalent."""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django_htmx.http import HttpResponseClientRedirect

from apps.core.htmx import is_fragment_request


def redirect_after_post(request: HttpRequest, url: str) -> HttpResponse:
    """Post/Redirect/Get; HTMX never gets a 3xx (it would follow it and swap the page in),
    so it is told to load `url` as a whole page, where the message then shows."""
    if is_fragment_request(request):
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url)
