"""A list's state (filters, page) carried to detail and edit pages and back, as in the admin.

The list page's query string travels as one parameter, `_changelist_filters`, so the
"back to the list" links and the redirects after a save or a delete land on the same page
with the same filters.
"""

from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse

PARAM = "_changelist_filters"


def _append(url: str, query: str) -> str:
    if not query:
        return url
    return f"{url}{'&' if '?' in url else '?'}{urlencode({PARAM: query})}"


def from_list(request: HttpRequest, url: str) -> str:
    """`url` carrying this list page's own query string (links on a list page)."""
    return _append(url, request.GET.urlencode())


def with_state(request: HttpRequest, url: str) -> str:
    """`url` carrying on the list state this page was given (links beyond a detail page)."""
    return _append(url, request.GET.get(PARAM, ""))


def list_url(request: HttpRequest, name: str, *args) -> str:
    """The list page `name`, with the filters it was left with."""
    # Only a query string is appended to our own path, so it cannot point elsewhere.
    query = request.GET.get(PARAM, "")
    url = reverse(name, args=args)
    return f"{url}?{query}" if query else url
