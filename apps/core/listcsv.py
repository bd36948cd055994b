"""A list's CSV: the link that carries the list's filters, and the download of a list that
is read live from Thinkific, page by page as the file streams.

The CSV holds what the list's filters select on every page, so its link drops the page
and the page size. A live list is read 250 records a request, at most MAX_PAGES requests:
a longer one is refused before the file starts, with a message on the list, rather than
cut short (a spreadsheet would not show that rows are missing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from apps.core.csvdownload import csv_download
from apps.core.paging import PAGING
from apps.core.upstream import error_wording
from apps.thinkific import errors
from apps.thinkific.pagination import MAX_LIMIT, Page

# 40 requests of 250: 10,000 records (as many rows as a user import takes) for a third of
# the school's 120 requests a minute.
MAX_PAGES = 40

Columns = dict[str, Callable[[Any], Any]]


def csv_link(request: HttpRequest, url: str, *, paging: Iterable[str] = PAGING) -> str:
    """The CSV at `url` with this list page's filters: its query without `paging`, nor the
    filters left empty (a form without JavaScript sends them all)."""
    query = request.GET.copy()
    for name in list(query):
        kept = [value for value in query.getlist(name) if value]
        if name in paging or not kept:
            del query[name]
        else:
            query.setlist(name, kept)
    return f"{url}?{query.urlencode()}" if query else url


def live_csv(
    request: HttpRequest,
    load: Callable[..., Page],
    columns: Columns,
    *,
    noun: str,
    filename: str,
    back: str,
    keep: Callable[[Any], bool] | None = None,
) -> HttpResponse:
    """Every record `load(page=, limit=)` pages through (those `keep` keeps), a line of
    `columns` each, streamed.

    The first page is read before answering: Thinkific's refusal is then the error page
    any page gets, and a list of more than MAX_PAGES pages goes `back` with a message. A
    failure on a later page ends the file with a line that says so.
    """
    first = load(page=1, limit=MAX_LIMIT)
    if first.total_pages > MAX_PAGES:
        messages.warning(
            request,
            f"Thinkific has {first.total_items:,} {noun}: too many for one CSV, which reads "
            f"at most {MAX_PAGES * MAX_LIMIT:,} live from Thinkific, {MAX_LIMIT} a request. "
            "Nothing was downloaded.",
        )
        return redirect(back)
    lines = _lines(_records(first, load), columns, keep, total=first.total_items, noun=noun)
    return csv_download(chain([list(columns)], lines), filename=filename)


def _records(first: Page, load: Callable[..., Page]) -> Iterator[Any]:
    """The records of `first` and of the pages after it that the list had when the first
    was read, each once (records added meanwhile shift the pages)."""
    last = min(first.total_pages, MAX_PAGES)
    page, seen = first, set()
    while True:
        for record in page.items:
            if record.id not in seen:
                seen.add(record.id)
                yield record
        following = page.next_page
        # A page that does not move forward ends the list, rather than loop for ever.
        if not page.items or not following or not page.current_page < following <= last:
            return
        page = load(page=following, limit=MAX_LIMIT)


def _lines(
    records: Iterator[Any],
    columns: Columns,
    keep: Callable[[Any], bool] | None,
    *,
    total: int,
    noun: str,
) -> Iterator[list]:
    values = list(columns.values())
    read = 0
    try:
        for record in records:
            read += 1
            if keep is None or keep(record):
                yield [value(record) for value in values]
    except errors.ThinkificError as exc:
        _status, title, detail = error_wording(exc)
        yield [
            f"Incomplete: the file stops after {read:,} of {total:,} {noun}, where Thinkific "
            f"failed ({title}. {detail}) Download it again."
        ]
