"""Forms whose field names are Thinkific's enrollment fields and list filters."""

from collections.abc import Iterable

from django import forms

from apps.core.forms import MomentField, RecordForm
from apps.core.paging import ListingForm
from apps.core.resources import register_forms
from apps.index.forms import Searchable
from apps.thinkific.resources.courses import Course

YES_NO = [("", "Any"), ("true", "Yes"), ("false", "No")]
KINDS = [("", "Any"), ("free_trial", "Free trial"), ("full", "Full")]
DATE = forms.DateInput(attrs={"type": "date"})


def _yes_no(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        required=False,
        choices=YES_NO,
        coerce=lambda value: value == "true",
        empty_value=None,
    )


def _day(label: str) -> forms.DateField:
    return forms.DateField(label=label, required=False, widget=DATE)


def _course_choices(courses: Iterable[Course], blank: str) -> list:
    return [("", blank), *((c.id, c.name or f"Course #{c.id}") for c in courses)]


class EnrollmentFilterForm(Searchable, ListingForm):
    """Every filter `GET /enrollments` offers, and the index's search (user and course
    names, email) and sort."""

    email = forms.CharField(
        label="User email",
        required=False,
        max_length=254,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "ada@example.com"}),
    )
    user_id = forms.IntegerField(label="User ID", required=False, min_value=1)
    course_id = forms.IntegerField(label="Course", required=False, min_value=1, widget=forms.Select)
    completed = _yes_no("Completed")
    expired = _yes_no("Expired")
    kind = forms.ChoiceField(label="Free trial or full", required=False, choices=KINDS)
    created_on_or_after = _day("Created from")
    created_on_or_before = _day("Created until")
    updated_after = _day("Updated after")
    updated_on_or_before = _day("Updated until")

    field_order = [
        "q",
        "email",
        "user_id",
        "course_id",
        "completed",
        "expired",
        "kind",
        "created_on_or_after",
        "created_on_or_before",
        "updated_after",
        "updated_on_or_before",
        "limit",
    ]

    def __init__(self, data=None, *, courses: Iterable[Course] = ()):
        super().__init__(data)
        self.fields["course_id"].widget.choices = _course_choices(courses, "Any")

    def clean(self):
        cleaned = super().clean()
        # One choice in the page, two flags in the API.
        kind = cleaned.pop("kind", "")
        if kind:
            cleaned[kind] = True
        return cleaned


class _Dates:
    """The activation and expiry checks both enrollment forms share."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("activated_at"), cleaned.get("expiry_date")
        if start and end and end <= start:
            self.add_error("expiry_date", "The expiry date must come after the activation.")
        return cleaned

    @classmethod
    def initial_for(cls, record):
        # The form shows minutes: an untouched date must compare equal, not be sent again.
        initial = super().initial_for(record)
        for name in ("activated_at", "expiry_date"):
            if hasattr(initial.get(name), "second"):
                initial[name] = initial[name].replace(second=0, microsecond=0)
        return initial


class EnrollmentForm(_Dates, RecordForm):
    """Enroll a user: the user is picked by email, the course from the school's courses."""

    sent = ("user_id", "course_id", "activated_at", "expiry_date")

    user_email = forms.CharField(
        label="Find the user by email",
        required=False,
        max_length=254,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    user_id = forms.IntegerField(label="User", min_value=1)
    course_id = forms.TypedChoiceField(label="Course", coerce=int)
    activated_at = MomentField(
        label="Activated at",
        required=False,
        help_text="Blank makes a free trial: the user gets the course's trial, not full access.",
    )
    expiry_date = MomentField(
        label="Expiry date", required=False, help_text="Blank: never expires."
    )

    def __init__(self, data=None, *, courses: Iterable[Course] = (), **kwargs):
        super().__init__(data, **kwargs)
        self.fields["course_id"].choices = _course_choices(courses, "Choose a course")
        self.course_names = {c.id: c.name for c in courses}

    def display_name(self) -> str:
        user_id = self.cleaned_data["user_id"]
        # The picker posts each option's name beside it (see instructors/user_matches.html).
        user = self.data.get(f"user_label_{user_id}") or f"user #{user_id}"
        course = self.course_names.get(self.cleaned_data["course_id"], "the course")
        return f"of {user} in {course}"


class EnrollmentEditForm(_Dates, RecordForm):
    """An enrollment's dates: the only fields Thinkific lets change."""

    sent = ("activated_at", "expiry_date")

    activated_at = MomentField(label="Activated at", required=False)
    expiry_date = MomentField(
        label="Expiry date", required=False, help_text="Blank: never expires."
    )

    def display_name(self) -> str:
        return f"the enrollment #{self.record.id}"


register_forms("enrollments", EnrollmentForm, EnrollmentEditForm)
