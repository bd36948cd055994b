from django.http import Http404

from apps.core.csvdownload import csv_download
from apps.core.decorators import school_view
from apps.core.htmx import render
from apps.core.paging import ListingForm
from apps.history import selectors
from apps.history.display import describe
from apps.history.forms import RESOURCE_CHOICES, HistoryFilterForm
from apps.jobs.selectors import paginate

VIEW_HISTORY = "core.view_history"
RESOURCES = {name for name, _ in RESOURCE_CHOICES if name}


def _filtered(request):
    form = HistoryFilterForm(request.GET, staff=selectors.staff_choices(connection=request.school))
    return form, selectors.history_list(connection=request.school, **form.filters)


@school_view(VIEW_HISTORY)
def history_page(request):
    """The school's history, newest first, with its filters and the CSV of what they show."""
    form, entries = _filtered(request)
    params = form.params
    page = paginate(entries, page=params["page"], per_page=params["limit"])
    _describe(request, page)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "export_query": query.urlencode()}
    return render(request, "history/history_list.html", context, fragment="results")


@school_view(VIEW_HISTORY)
def history_export(request):
    """The filtered history as CSV, streamed (one line per field changed)."""
    _, entries = _filtered(request)
    lines = selectors.history_csv(entries)
    return csv_download(lines, filename=f"{request.school.slug}-history.csv")


@school_view(VIEW_HISTORY)
def record_history(request, resource: str, record_id: int):
    """One record's history: the panel of its page, or a page of its own."""
    if resource not in RESOURCES:
        raise Http404
    entries = selectors.record_history(
        connection=request.school, resource=resource, record_id=str(record_id)
    )
    params = ListingForm(request.GET).params
    page = paginate(entries, page=params["page"], per_page=params["limit"])
    _describe(request, page)
    context = {"page": page, "resource_name": resource, "record_id": record_id}
    return render(request, "history/record_history.html", context, fragment="panel")


def _describe(request, page) -> None:
    """The page's entries in the forms' words and the records' names."""
    describe(
        page.items,
        connection_id=request.school.pk,
        profile_fields=lambda: selectors.profile_field_labels(
            client=request.thinkific, connection=request.school
        ),
    )
