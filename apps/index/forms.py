"""The search box and the order of a list served from the index: `q` and `sort` in the
list's URL, as in Django admin's changelist; and the search box of the live lists that
Thinkific cannot search."""

from django import forms

from apps.core.paging import ListingForm


def _search_box(placeholder: str = "") -> forms.CharField:
    return forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": placeholder}),
    )


class Searchable(forms.Form):
    """Mixed into a list's filter form (before `ListingForm`)."""

    q = _search_box("Part of a name or email")
    # Checked against the list's offered orders by `apps.index.search.Sort`.
    sort = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)


class NameSearch(ListingForm):
    """The search box of a list Thinkific cannot search (categories, courses, products,
    promotions): any part of a name, in the school's index when it holds the list and is
    ready (`indexed`), else among the records of the page shown. `held`: whether the index
    holds the list at all. The placeholder says which."""

    q = _search_box()

    field_order = ["q", "limit"]

    def __init__(self, data=None, *, indexed: bool, held: bool = True):
        super().__init__(data)
        self.indexed, self.held = indexed, held
        where = "in the whole school" if indexed else "on this page"
        self.fields["q"].widget.attrs["placeholder"] = f"Part of a name, {where}"
