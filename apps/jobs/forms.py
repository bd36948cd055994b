import csv

from django import forms
from django.utils import timezone

from apps.jobs.coupons import MAX_COUPONS
from apps.jobs.enroll import MAX_EMAILS, EnrollBulk, emails_column, emails_parse
from apps.jobs.imports import BadFile, UserImport, rows_read


class CouponBulkForm(forms.Form):
    """Thinkific's bulk create, named as Thinkific names its fields."""

    bulk_quantity = forms.IntegerField(
        label="How many coupons",
        min_value=1,
        max_value=MAX_COUPONS,
        help_text=f"Up to {MAX_COUPONS:,}, each with its own generated code.",
    )
    bulk_coupon_code_length = forms.IntegerField(
        label="Code length", min_value=6, max_value=50, initial=8, help_text="6 to 50 characters."
    )
    bulk_quantity_per_coupon = forms.IntegerField(
        label="Uses per coupon",
        min_value=1,
        required=False,
        help_text="How many times each code may be used. Blank: unlimited.",
    )


MAX_UPLOAD = 2 * 1024 * 1024  # bytes of an uploaded CSV


class EnrollBulkForm(forms.Form):
    """Emails pasted or in a CSV, the courses to enroll them in, and when."""

    emails = forms.CharField(
        label="Emails",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One a line, or separated by commas.",
    )
    file = forms.FileField(
        label="Or a CSV of emails",
        required=False,
        help_text="Up to 2 MB, UTF-8 or Excel's CSV; a header cell named email is skipped.",
    )
    courses = forms.TypedMultipleChoiceField(
        label="Courses", coerce=int, widget=forms.CheckboxSelectMultiple
    )
    activated_at = forms.DateTimeField(
        label="Activation",
        required=False,
        help_text="Blank: now.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    expiry_date = forms.DateTimeField(
        label="Expiry",
        required=False,
        help_text="Blank: never expires.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    create_unknown = forms.BooleanField(
        label="Create a user for each unknown email first", required=False
    )

    def __init__(self, *args, courses: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["courses"].choices = courses

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return ""
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("The file is over 2 MB.")
        return emails_column(text_decode(upload.read()))

    def clean(self):
        data = super().clean()
        emails = emails_parse(f"{data.get('emails', '')}\n{data.get('file', '')}")
        if not emails and not self.errors:
            raise forms.ValidationError("Paste some emails or choose a CSV of them.")
        if len(emails) > MAX_EMAILS:
            raise forms.ValidationError(f"Up to {MAX_EMAILS:,} emails at a time.")
        start, end = data.get("activated_at"), data.get("expiry_date")
        if start and end and end <= start:
            self.add_error("expiry_date", "The expiry must come after the activation.")
        data["emails"] = emails
        return data

    def job_params(self) -> dict:
        data, names = self.cleaned_data, dict(self.fields["courses"].choices)
        return EnrollBulk.params(
            emails=data["emails"],
            courses=[(course_id, names[course_id]) for course_id in data["courses"]],
            activated_at=data["activated_at"] or timezone.now(),
            expiry_date=data["expiry_date"],
            create_unknown=data["create_unknown"],
        )


def text_decode(raw: bytes) -> str:
    """An uploaded file's text: UTF-8 (with or without its BOM), else Excel's cp1252."""
    if b"\x00" in raw[:1024]:
        raise forms.ValidationError("That is not a CSV file (it holds binary data).")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                "The file is neither UTF-8 nor Windows-1252 text."
            ) from None


class UserImportForm(forms.Form):
    """A CSV of users in the columns of Thinkific's user import, and what to do with it."""

    file = forms.FileField(
        label="CSV of users",
        help_text=(
            "Up to 2 MB and 10,000 rows, UTF-8 or Excel's CSV. Columns: First name, Last name,"
            " Email, and optionally Password, Roles, Company, Headline, Bio, External id and"
            " custom profile fields by their label."
        ),
    )
    on_existing = forms.ChoiceField(
        label="When the email already exists",
        choices=[("skip", "Skip the row"), ("update", "Update the user")],
        initial="skip",
    )
    courses = forms.TypedMultipleChoiceField(
        label="Enroll each new user in",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    send_welcome_email = forms.BooleanField(
        label="Send each new user a welcome email", required=False
    )

    def __init__(self, *args, courses: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["courses"].choices = courses

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("The file is over 2 MB.")
        try:
            self.mapping, rows = rows_read(text_decode(upload.read()))
        except BadFile as exc:
            raise forms.ValidationError(str(exc)) from None
        except csv.Error:
            raise forms.ValidationError("That is not a CSV file.") from None
        if not rows:
            raise forms.ValidationError("The file has a header but no rows.")
        return rows

    def job_params(self) -> dict:
        data, names = self.cleaned_data, dict(self.fields["courses"].choices)
        return UserImport.params(
            rows=data["file"],
            on_existing=data["on_existing"],
            courses=[(course_id, names[course_id]) for course_id in data["courses"]],
            send_welcome_email=data["send_welcome_email"],
            activated_at=timezone.now(),
        )
