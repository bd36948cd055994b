"""The search box and the order of a list served from the index: `q` and `sort` in the
list's URL, as in Django admin's changelist."""

from django import forms


class Searchable(forms.Form):
    """Mixed into a list's filter form (before `ListingForm`)."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Part of a name or email"}),
    )
    # Checked against the list's offered orders by `apps.index.search.Sort`.
    sort = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
