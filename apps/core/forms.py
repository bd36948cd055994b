"""Thinkific's 422 answers, put back on the form the user sent."""

from django import forms

from apps.thinkific import errors


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
