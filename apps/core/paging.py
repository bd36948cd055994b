"""The page and the size of a list: Django admin's `page` and `limit` in the query string."""

from collections.abc import Callable
from dataclasses import replace
from operator import attrgetter
from typing import Any

from django import forms

from apps.thinkific.pagination import Page

PAGE_SIZES = (25, 50, 100, 250)
# The pager's numbers around the current page and at each end (Django admin shows 3 and
# 2; fewer keep a phone's pager on one line: Previous 1 … 6 7 8 … 80 Next).
ON_EACH_SIDE, ON_ENDS = 1, 1
PAGING = ("page", "limit")
# The search box and the hidden order stay out of the filters that fold on phones.
UNFOLDED = ("q", "sort")


class ListingForm(forms.Form):
    """Pagination parameters; a list page's filter form subclasses it.

    Bad values never fail a page: an unknown page or size falls back to the first page
    at the default size, as in Django's admin.
    """

    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    limit = forms.TypedChoiceField(
        label="Per page",
        required=False,
        coerce=int,
        empty_value=PAGE_SIZES[0],
        choices=[(size, size) for size in PAGE_SIZES],
    )

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data if data is not None else {}, *args, **kwargs)

    def clean_page(self):
        return self.cleaned_data.get("page") or 1

    @property
    def has_filters(self) -> bool:
        """Whether the form offers more than the page size."""
        return any(name not in PAGING for name in self.fields)

    @property
    def filtered(self) -> bool:
        """Whether a filter is set (and valid)."""
        params = self.params
        return any(params.get(name) for name in self.fields if name not in PAGING)

    @property
    def folds(self) -> bool:
        """Whether it has filters to fold on phones (more than a search box and paging)."""
        return any(name not in (*PAGING, *UNFOLDED) for name in self.fields)

    @property
    def active_filters(self) -> int:
        """How many of the filters folded on phones are set: all but the search box and
        the paging (static/js/portal.js counts them the same way as they change)."""
        folded = (name for name in self.fields if name not in (*PAGING, *UNFOLDED))
        return sum(1 for name in folded if str(self.data.get(name, "")).strip())

    @property
    def params(self) -> dict:
        """Cleaned values of the valid fields, invalid ones left at their defaults."""
        self.is_valid()
        cleaned = dict(getattr(self, "cleaned_data", {}))
        cleaned.setdefault("page", 1)
        if not cleaned.get("limit"):
            cleaned["limit"] = PAGE_SIZES[0]
        return cleaned


def name_matches(q: str, *, name: Callable[[Any], str] = attrgetter("name")):
    """Whether a record's name holds every word of `q`, in any case, as the index's search
    matches; None (keep all) for an empty `q`."""
    words = str(q).casefold().split()
    if not words:
        return None
    return lambda record: all(word in (name(record) or "").casefold() for word in words)


def page_matching(page: Page, q: str, *, name: Callable[[Any], str] = attrgetter("name")) -> Page:
    """The records of one live page whose name holds every word of `q`; the page's numbers
    stay, so the other pages can be searched."""
    matches = name_matches(q, name=name)
    return page if matches is None else replace(page, items=[i for i in page if matches(i)])


def page_numbers(page: Page) -> list[int | None]:
    """The pager's page numbers, as Django admin's: the first and the last, those around
    the current page, and None for each gap ("…"). Worked out from the ends and the
    current page alone: Thinkific may report any number of pages."""
    last = page.total_pages
    if not isinstance(last, int) or last < 2:
        return []
    current = min(max(page.current_page, 1), last)
    shown = sorted(
        {*range(1, ON_ENDS + 1), *range(last - ON_ENDS + 1, last + 1)}
        | {n for n in range(current - ON_EACH_SIDE, current + ON_EACH_SIDE + 1) if 1 <= n <= last}
    )
    numbers: list[int | None] = []
    for number in shown:
        if numbers and number - numbers[-1] == 2:
            numbers.append(number - 1)  # a gap of one page shows the page, as Django's does
        elif numbers and number - numbers[-1] > 2:
            numbers.append(None)
        numbers.append(number)
    return numbers
