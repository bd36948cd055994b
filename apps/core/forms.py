"""A form post to Thinkific: checked here first, then Thinkific's errors put back on the
form the user sent, and the status to answer with."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django import forms

from apps.core.upstream import describe
from apps.thinkific import errors

T = TypeVar("T")

# A form with errors is answered 422, like Thinkific answers bad data (htmx is configured
# in base.html to swap 4xx answers, so the form with its errors still replaces itself).
INVALID = 422


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
            status, title, detail = describe(exc, method="POST")
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
