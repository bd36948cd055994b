"""The page and the size of a list: Django admin's `page` and `limit` in the query string."""

from django import forms

PAGE_SIZES = (25, 50, 100, 250)
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
