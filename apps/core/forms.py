"""A form post to Thinkific: checked here first, then Thinkific's errors put back on the
form the user sent, and the status to answer with."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar, Generic, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone

from apps.core import timezones
from apps.core.upstream import error_wording
from apps.thinkific import errors

T = TypeVar("T")

# A form with errors is answered 422, like Thinkific answers bad data (htmx is configured
# in base.html to swap 4xx answers, so the form with its errors still replaces itself).
INVALID = 422


def slug_validator(example: str) -> RegexValidator:
    """The format of a Thinkific slug (the name in a page's web address), checked before
    Thinkific sees it; `example` shows one in the message."""
    return RegexValidator(
        r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
        f"Lower-case letters, digits and single hyphens only, like {example}.",
    )


class SlugField(forms.CharField):
    """A Thinkific slug: the record's name in its public web address on the school's site.

    On a new record's form it is suggested from the `source` fields as they are typed
    (static/js/portal.js), until it is typed in by hand. An existing record's slug is never
    suggested: changing it changes the address, so only a hand edit does.
    """

    def __init__(self, *, source: str, example: str, meaning: str, **kwargs):
        kwargs.setdefault("label", "Slug")
        kwargs.setdefault("max_length", 255)
        super().__init__(validators=[slug_validator(example)], **kwargs)
        self.source = source  # the names of the fields it is suggested from, space-separated
        self.address = f"{meaning}, like {example}"

    def suggest(self, new: bool) -> None:
        """Set up the field for a new record's form, or an existing one's."""
        if new:
            self.widget.attrs["data-slug-from"] = self.source
            self.help_text = (
                f"{self.address}: suggested from the name as you type it, until you type here."
            )
        else:
            self.widget.attrs.pop("data-slug-from", None)
            self.help_text = (
                f"{self.address}. Changing it changes that address: links to the old one "
                "stop working."
            )


class RecordForm(forms.Form):
    """A form of one kind of Thinkific record, its fields named as Thinkific names them.

    `sent` lists the fields that go to Thinkific, `required_on_update` those Thinkific
    wants in every update, changed or not. With `record`, the form starts from its values.
    """

    sent: ClassVar[tuple[str, ...]] = ()
    required_on_update: ClassVar[tuple[str, ...]] = ()

    def __init__(self, data=None, *, record: Any = None, **kwargs):
        if record is not None:
            kwargs.setdefault("initial", self.initial_for(record))
        super().__init__(data, **kwargs)
        self.record = record
        for field in self.fields.values():
            if isinstance(field, SlugField):
                field.suggest(new=record is None)

    @classmethod
    def initial_for(cls, record: Any) -> dict[str, Any]:
        """The form's starting values from the record (blank where Thinkific has none)."""
        return {name: _initial(getattr(record, name, None)) for name in cls.sent}

    def display_name(self) -> str:
        """The record's name as saved, for the message after a save."""
        return str(self.cleaned_data.get("name", ""))

    def create_payload(self) -> dict[str, Any]:
        """A new record's fields; blanks left out, so Thinkific applies its defaults."""
        values = {name: self.cleaned_data.get(name) for name in self.sent}
        return {name: value for name, value in values.items() if value not in BLANK}

    def changes(self) -> dict[str, Any]:
        """The changed fields and those every update needs; empty when nothing changed."""
        if not any(name in self.changed_data for name in self.sent):
            return {}
        names = [n for n in self.sent if n in self.changed_data or n in self.required_on_update]
        return {name: self.cleaned_data[name] for name in names}


BLANK = ("", None, [], ())


def _initial(value: Any) -> Any:
    if value is None:
        return ""
    return list(value) if isinstance(value, tuple) else value


@dataclass(frozen=True)
class Submission(Generic[T]):
    """How a form post went: `saved` with the action's `result`, or not with the
    `status` to render the form with (None for a form that was not posted)."""

    saved: bool
    result: T | None = None
    status: int | None = None


def submit(form: forms.Form, action: Callable[[], T]) -> Submission[T]:
    """Validate `form`, then call `action` (which reads `form.cleaned_data`).

    Errors in the data, ours or Thinkific's 422, land on the form and answer 422; other
    Thinkific failures go on top of the form with their central status. The input stays
    in the form either way, except the fields the form lists in `secret_fields`, which are
    never sent back and get a note asking for them again.
    """
    if not form.is_bound:
        return Submission(saved=False)
    status = INVALID
    if form.is_valid():
        try:
            return Submission(saved=True, result=action())
        except errors.ValidationError as exc:
            add_api_errors(form, exc)
        except errors.ThinkificError as exc:  # keep what was typed whatever went wrong
            status, title, detail = error_wording(exc, method="POST")
            form.add_error(None, f"{title}. {detail}")
    _ask_again_for_secrets(form)
    return Submission(saved=False, status=status)


def add_api_errors(form: forms.Form, exc: errors.ValidationError) -> None:
    """Field errors go beside their fields (names match Thinkific's); the rest on top."""
    for field, messages in exc.field_errors.items():
        target = field if field in form.fields else None
        for message in messages:
            text = message if target else f"{field.replace('_', ' ').capitalize()} {message}"
            if target and not message[:1].isupper():
                text = f"{form.fields[target].label or field} {message}"
            form.add_error(target, text)
    for message in exc.non_field_errors or ([] if exc.field_errors else [exc.message]):
        form.add_error(None, message)


def _ask_again_for_secrets(form: forms.Form) -> None:
    # The widgets do not render these values back (STYLE.md: no secrets in re-rendered
    # inputs), so say why the field is empty rather than let it look lost.
    for name in getattr(form, "secret_fields", ()):
        if form.data.get(form.add_prefix(name)):
            label = (form.fields[name].label or name).lower()
            form.add_error(name, f"For safety the {label} is not shown again: type it again.")


class MomentInput(forms.DateTimeInput):
    """`<input type="datetime-local">`, to the minute."""

    input_type = "datetime-local"

    def format_value(self, value):
        if isinstance(value, datetime):  # strftime would write year 1 as "1", which browsers drop
            return value.replace(tzinfo=None).isoformat(timespec="minutes")
        return super().format_value(value)


class MomentField(forms.DateTimeField):
    """A date and time typed on the staff member's clock, sent to Thinkific in UTC.

    At the calendar's ends: a moment typed that is before year 1 or after 9999 in UTC is
    refused; a stored one that the staff member's clock cannot show is shown on UTC's
    (see `timezones.local`), and counts as unchanged while it is left as shown.
    """

    widget = MomentInput
    default_error_messages = {
        "out_of_range": "In UTC, where Thinkific keeps times, this falls before the year 1 "
        "or after 9999: pick a moment inside them."
    }

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is not None and timezone.is_aware(moment):
            try:
                moment.astimezone(UTC)
            except OverflowError:
                raise ValidationError(
                    self.error_messages["out_of_range"], code="out_of_range"
                ) from None
        return moment

    def prepare_value(self, value):
        if isinstance(value, datetime) and timezone.is_aware(value):
            return timezones.local(value)[0].replace(tzinfo=None)
        return value

    def has_changed(self, initial, data):
        # Compared with what the input showed, read back as the form reads what is typed.
        shown = self.widget.format_value(self.prepare_value(initial)) if initial else None
        try:
            initial = self.to_python(shown)
        except ValidationError:
            return True
        return super().has_changed(initial, data)
