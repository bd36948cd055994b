"""Forms whose field names are Thinkific's instructor fields."""

from django import forms

from apps.core.forms import RecordForm, SlugField
from apps.core.paging import ListingForm
from apps.core.resources import register_forms
from apps.index.forms import Searchable


class InstructorForm(RecordForm):
    sent = ("first_name", "last_name", "slug", "title", "bio", "avatar_url", "email", "user_id")
    required_on_update = ("first_name", "last_name", "slug")

    first_name = forms.CharField(label="First name", max_length=255)
    last_name = forms.CharField(label="Last name", max_length=255)
    slug = SlugField(
        source="first_name last_name",
        example="jane-doe",
        meaning="The instructor's name in their page's web address",
    )
    title = forms.CharField(label="Title", required=False, max_length=255)
    email = forms.EmailField(label="Email", required=False)
    avatar_url = forms.URLField(
        label="Avatar URL",
        required=False,
        assume_scheme="https",
        help_text="A full web address of the picture, starting with https:// or http://.",
    )
    bio = forms.CharField(
        label="Bio", required=False, widget=forms.Textarea(attrs={"rows": 5, "cols": 40})
    )
    # Picked from search results by email (never a select of every user); not sent itself.
    user_email = forms.CharField(
        label="Find the user by email",
        required=False,
        max_length=254,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    user_id = forms.IntegerField(label="User", required=False, min_value=1)

    def clean_avatar_url(self) -> str:
        url = self.cleaned_data["avatar_url"]
        if url and not url.lower().startswith(("https://", "http://")):
            raise forms.ValidationError("Enter a web address starting with https:// or http://.")
        return url

    def display_name(self) -> str:
        return f"{self.cleaned_data['first_name']} {self.cleaned_data['last_name']}"

    @classmethod
    def initial_for(cls, record):
        return super().initial_for(record) | {"user_id": record.user_id}


class InstructorFilterForm(Searchable, ListingForm):
    """The index's search (any part of name or email) and sort, and the page size."""

    def __init__(self, data=None):
        super().__init__(data)
        self.fields["q"].widget.attrs["placeholder"] = "Part of a name or email"


register_forms("instructors", InstructorForm)
