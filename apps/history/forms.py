from django import forms

from apps.core.paging import ListingForm
from apps.core.resources import RESOURCES
from apps.history.models import Entry

RESOURCE_CHOICES = [
    ("", "Any"),
    *((r.name, r.label) for r in RESOURCES),
    ("watches", "Watches"),
    ("events", "Events"),
]


class HistoryFilterForm(ListingForm):
    """The school-wide history's filters: who, resource, action and a range of days."""

    user = forms.ModelChoiceField(label="Who", required=False, queryset=None, empty_label="Anyone")
    resource = forms.ChoiceField(label="Resource", required=False, choices=RESOURCE_CHOICES)
    action = forms.ChoiceField(
        label="Action", required=False, choices=[("", "Any"), *Entry.Action.choices]
    )
    since = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, data=None, *, staff, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["user"].queryset = staff
        self.fields["user"].label_from_instance = lambda user: user.get_username()

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", "The last day comes on or after the first.")
        return cleaned

    @property
    def filters(self) -> dict:
        """The valid filters, for `selectors.history_list`."""
        params = self.params
        return {name: params.get(name) for name in ("user", "resource", "action", "since", "until")}
