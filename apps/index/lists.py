"""The search box of the live lists whose names the index holds (categories, courses,
products): Thinkific cannot search them, so a search finds the names in the school's
index, or until it is ready, the records on the page shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from apps.core.pages import list_page
from apps.core.paging import page_matching
from apps.core.resources import PortalResource
from apps.index import selectors
from apps.index.forms import NameSearch

NAME_TABLE = "components/name_table.html"


def searched_list(
    request: HttpRequest,
    resource: PortalResource,
    template: str,
    load: Callable[..., Any],
    *,
    kind: str,
    context: dict | None = None,
) -> HttpResponse:
    """`list_page` of a live list (`load(page=, limit=)` reads one page) with a search box
    over the names of `kind` ("course") in the index. The index's matches are names only:
    the page shows them in `NAME_TABLE` (the context's `name_table`), linked to each
    record's page, where the rest is read live."""
    index = selectors.ready_index(request.school)
    form = NameSearch(request.GET, indexed=index is not None)
    context = dict(context or {})
    if index is not None and form.params.get("q"):

        def load_names(*, page: int, limit: int, q: str):
            rows = selectors.names_matching(connection_id=request.school.pk, kind=kind, q=q)
            return selectors.page_of(rows, page=page, limit=limit)

        context.update(
            index=index,
            freshness=selectors.freshness(index, resource.name),
            name_table=NAME_TABLE,
        )
        return list_page(request, resource, template, load_names, form=form, context=context)

    def load_page(*, page: int, limit: int, q: str = ""):
        return page_matching(load(page=page, limit=limit), q)

    context["page_search"] = bool(form.params.get("q"))
    return list_page(request, resource, template, load_page, form=form, context=context)
