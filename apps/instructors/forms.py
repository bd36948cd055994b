"""Forms whose field names are Thinkific's instructor fields."""

from typing import Any

from django import forms
from django.core.validators import RegexValidator

from apps.thinkific.resources.instructors import Instructor

REQUIRED = ("first_name", "last_name", "slug")
FIELDS = (*REQUIRED, "title", "bio", "avatar_url", "email", "user_id")


class InstructorForm(forms.Form):
    first_name = forms.CharField(label="First name", max_length=255)
    last_name = forms.CharField(label="Last name", max_length=255)
    slug = forms.CharField(
        label="Slug",
        max_length=255,
        validators=[
            RegexValidator(
                r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
                "Lower-case letters, digits and single hyphens only, like jane-doe.",
            )
        ],
        help_text="The instructor's name in their page's web address, like jane-doe.",
    )
    title = forms.CharField(label="Title", required=False, max_length=255)
    email = forms.EmailField(label="Email", required=False)
    avatar_url = forms.URLField(
        label="Avatar URL",
        required=False,
        assume_scheme="https",
        help_text="A full web address of the picture, starting with https://.",
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

    @classmethod
    def initial_for(cls, instructor: Instructor) -> dict[str, Any]:
        return {name: getattr(instructor, name) or "" for name in FIELDS} | {
            "user_id": instructor.user_id
        }

    def fields_for_thinkific(self) -> dict[str, Any]:
        """A new instructor's fields by Thinkific's names; blanks left out."""
        values = {name: self.cleaned_data[name] for name in FIELDS}
        return {name: value for name, value in values.items() if value not in ("", None)}

    @property
    def has_changes(self) -> bool:
        return any(name in self.changed_data for name in FIELDS)

    def changes_for_thinkific(self) -> dict[str, Any]:
        """The changed fields, and always the three Thinkific requires on every update."""
        names = [n for n in FIELDS if n in REQUIRED or n in self.changed_data]
        return {name: self.cleaned_data[name] for name in names}
