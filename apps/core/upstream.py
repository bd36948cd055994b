"""A form post that Thinkific failed for another reason than its data (down, slow,
limited, refused): the central message goes on top of the form, whose input stays."""

from django import forms

from apps.core.middleware import describe
from apps.thinkific import errors


def add_upstream_error(form: forms.Form, exc: errors.ThinkificError) -> int:
    """Put the failure's message on `form`; returns the status to answer with."""
    status, title, detail = describe(exc)
    form.add_error(None, f"{title}. {detail}")
    return status
