from django import forms
from django.utils import timezone

from apps.core.forms import MomentField
from apps.core.resources import resource
from apps.history.recorder import masked
from apps.jobs.coupons import MAX_COUPONS
from apps.jobs.csvfile import MAX_BYTES, MAX_COLUMNS, BadFile, text_of
from apps.jobs.enroll import MAX_EMAILS, EnrollBulk, emails_column, emails_parse
from apps.jobs.imports import (
    CUSTOM,
    FIELDS,
    MAX_ROWS,
    PREVIEW_ROWS,
    BadMapping,
    UserImport,
    column_guess,
    file_read,
    rows_mapped,
)
from apps.thinkific.resources.coupons import MAX_QUANTITY

MEGABYTES = MAX_BYTES // 1024 // 1024


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
        max_value=MAX_QUANTITY,
        required=False,
        help_text=(
            f"How many times each code may be used, up to {MAX_QUANTITY:,}. Blank: unlimited."
        ),
    )


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
        help_text=(
            f"Up to {MEGABYTES} MB and {MAX_COLUMNS} columns, UTF-8 or Excel's CSV; its email"
            " column is read (else its first), a header cell named email is skipped."
        ),
    )
    courses = forms.TypedMultipleChoiceField(
        label="Courses", coerce=int, widget=forms.CheckboxSelectMultiple
    )
    activated_at = MomentField(label="Activation", required=False, help_text="Blank: now.")
    expiry_date = MomentField(label="Expiry", required=False, help_text="Blank: never expires.")
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
        return upload_read(upload, emails_column)

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


def upload_read(upload, parse):
    """`parse` of an uploaded CSV's text, its size checked: a `BadFile` is the field's error."""
    if upload.size > MAX_BYTES:
        raise forms.ValidationError(f"The file is over {MEGABYTES} MB.")
    try:
        return parse(text_of(upload.read()))
    except BadFile as exc:
        raise forms.ValidationError(str(exc)) from None


class UserImportForm(forms.Form):
    """A CSV of users, its columns mapped in the next step (`ColumnMappingForm`)."""

    file = forms.FileField(
        label="CSV of users",
        help_text=(
            f"Up to {MEGABYTES} MB, {MAX_ROWS:,} rows and {MAX_COLUMNS} columns, UTF-8 or"
            " Excel's CSV, with a header naming the columns: those of Thinkific's user import"
            " (First name, Last name, Email, and optionally Password, Roles, Company, Headline,"
            " Bio, External id) and custom profile fields by their label. You check the"
            " columns next."
        ),
    )

    def clean_file(self):
        """The upload's name, header and rows; a bad file is refused here whole."""
        upload = self.cleaned_data["file"]
        header, rows = upload_read(upload, file_read)
        return {"name": upload.name[:200], "header": header, "rows": rows}


IGNORE = ("", "Ignore this column")


class ColumnMappingForm(forms.Form):
    """Which Thinkific field each column of the file fills (preselected by its header),
    and what to do with the users."""

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

    def __init__(self, data=None, *, upload, custom_fields, courses, **kwargs):
        super().__init__(data, **kwargs)
        self.upload = upload
        self.fields["courses"].choices = courses
        custom = [(f"{CUSTOM}{f.id}", f.label or f"#{f.id}") for f in custom_fields]
        choices = [IGNORE, ("Thinkific's fields", list(FIELDS.items()))]
        if custom:
            choices.append(("Custom profile fields", custom))
        self.columns = []
        for index, cell in enumerate(upload.header):
            name = f"column_{index}"
            self.fields[name] = forms.ChoiceField(
                label=cell or f"Column {index + 1}",
                choices=choices,
                required=False,
                initial=column_guess(cell, custom_fields),
            )
            self.columns.append(name)

    def column_rows(self):
        """Each column's field with the first rows' values in it, for the mapping table."""
        preview = self.upload.rows[:PREVIEW_ROWS]
        secret = resource("users").secret_fields
        for index, name in enumerate(self.columns):
            # Masked when the column's field, or its header, is a secret (the passwords).
            keys = (self[name].value() or "", self.upload.header[index])
            values = [
                masked(masked(row[index], keys[0], secret), keys[1], secret)
                if index < len(row)
                else ""
                for row in preview
            ]
            yield self[name], values

    def clean(self):
        data = super().clean()
        mapping = [data.get(name, "") for name in self.columns]
        try:
            data["users"] = rows_mapped(self.upload.header, self.upload.rows, mapping)
        except BadMapping as exc:
            self.add_error(None, str(exc))
            for index in exc.columns:
                self.add_error(self.columns[index], "Another column fills this field too.")
        return data

    def job_params(self) -> dict:
        data, names = self.cleaned_data, dict(self.fields["courses"].choices)
        return UserImport.params(
            rows=data["users"],
            on_existing=data["on_existing"],
            courses=[(course_id, names[course_id]) for course_id in data["courses"]],
            send_welcome_email=data["send_welcome_email"],
            activated_at=timezone.now(),
        )
