"""An entry's changes as staff read them: each field by its form's label, each value in
the words the form offers ("Affiliate, Course admin", "Uses"), each id by the record's
name ("Emma Stone"), each custom profile field by its own label.

The entry keeps Thinkific's names and values as they were sent (the CSV shows those);
only the page words them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.dateparse import parse_datetime

from apps.core import display
from apps.core.resources import form_field
from apps.history.models import Entry
from apps.history.names import Names, is_id

# Fields whose values are ids of other records, and the resource (or kind) they name.
REFERENCES = {
    "user_id": "users",
    "course_id": "courses",
    "product_id": "products",
    "product_ids": "products",
    "collection_id": "categories",
    "collection_ids": "categories",
    "group_id": "groups",
    "instructor_id": "instructors",
    "promotion_id": "promotions",
}
PROFILE_FIELDS = "custom_profile_fields"
DEFINITION = "custom_profile_field_definition_id"
PART = re.compile(r"^(?P<field>.+) \((?P<word>added|removed)\)$")
NONE = "—"
# Words a label made from a field's name writes in capitals.
CAPITALS = {"id": "ID", "ids": "IDs", "url": "URL", "api": "API", "sso": "SSO"}


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


def describe(
    entries: Iterable[Entry], *, connection_id: int, profile_fields: Callable[[], dict[int, str]]
) -> None:
    """Give each entry `described`: its changes as `Change`s. Names are read once for all
    the entries; `profile_fields()` ({definition id: label}) only when an entry needs it."""
    entries = list(entries)
    names = Names(connection_id)
    for entry in entries:
        for field, before, after in entry.changes or ():
            kind = REFERENCES.get(_base(field))
            for value in (before, after):
                for record_id in _ids(value) if kind else ():
                    names.want(kind, record_id)
    labels = _Once(profile_fields)
    for entry in entries:
        entry.described = [
            change
            for field, before, after in entry.changes or ()
            for change in _changes(entry.resource, field, before, after, names, labels)
        ]


class _Once:
    """A loader called at most once, the first time its answer is needed."""

    def __init__(self, load: Callable[[], dict[int, str]]):
        self.load, self.value = load, None

    def get(self, key: int) -> str | None:
        if self.value is None:
            self.value = self.load()
        return self.value.get(key)


def label(resource: str, field: str) -> str:
    """The form's label of a field ("Uses" for quantity), else one made from its name."""
    part, base = PART.match(field), _base(field)
    form = form_field(resource, base)
    text = str(form.label) if form is not None and form.label else _humanized(base)
    return f"{text} ({part['word']})" if part else text


def _humanized(field: str) -> str:
    """ "promotion_id" -> "Promotion", "product_ids" -> "Products", "api_key" -> "API key"."""
    if field in REFERENCES:  # the label names the records, not their ids
        plural = field.endswith("_ids")
        field = field.removesuffix("_ids") + "s" if plural else field.removesuffix("_id")
    words = [CAPITALS.get(word, word) for word in field.split("_") if word]
    text = " ".join(words) or field
    return text[:1].upper() + text[1:]


def _base(field: str) -> str:
    part = PART.match(field)
    return part["field"] if part else field


def _ids(value: Any) -> list[int]:
    values = value if isinstance(value, list) else [value]
    return [int(v) for v in values if is_id(v)]


def _changes(resource: str, field: str, before, after, names: Names, labels: _Once):
    if field == PROFILE_FIELDS and _answers(before) is not None and _answers(after) is not None:
        yield from _profile_changes(_answers(before), _answers(after), labels)
        return
    base = _base(field)
    yield Change(
        label(resource, field),
        words(resource, base, before, names),
        words(resource, base, after, names),
    )


def words(resource: str, field: str, value: Any, names: Callable[[str, int], str]) -> str:
    """A value as text: the record's name for an id, the form's words for a choice, lists
    as words, moments as every page writes them, "—" for none."""
    if value is None or value in ("", [], {}):
        return NONE
    kind = REFERENCES.get(field)
    if kind and all(is_id(v) for v in (value if isinstance(value, list) else [value])):
        return ", ".join(names(kind, record_id) for record_id in _ids(value))
    form = form_field(resource, field)
    choices = dict(getattr(form, "choices", None) or ()) if form is not None else {}
    if isinstance(value, list):
        return ", ".join(_word(item, choices) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_word(item, choices)}" for key, item in value.items())
    return _word(value, choices)


def _word(value: Any, choices: dict) -> str:
    if value is None or value == "":
        return NONE
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict | list):
        return words("", "", value, lambda kind, pk: str(pk))
    text = str(value)
    if text in choices:
        return str(choices[text])
    try:
        moment = parse_datetime(text)
    except ValueError:  # shaped like a date-time, but not one
        moment = None
    return display.when(moment) if moment else text


# -- custom profile fields -----------------------------------------------------------------


def _answers(value: Any) -> dict[int, Any] | None:
    """{definition id: answer} of a list of answers as sent or as read (None for other
    shapes, such as a value clipped to text)."""
    if value is None:
        return {}
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        return None
    answers = {}
    for item in value:
        if not is_id(item.get(DEFINITION)):
            return None
        answers[int(item[DEFINITION])] = item
    return answers


def _profile_changes(before: dict[int, dict], after: dict[int, dict], labels: _Once):
    """One change per profile field, called by its label (the record's own answer says
    it, else the school's definitions do)."""
    # The answers sent; the record's own only when none were.
    for definition_id in list(after) or list(before):
        old, new = before.get(definition_id, {}), after.get(definition_id, {})
        if before and after and old.get("value") == new.get("value"):
            continue
        name = (
            old.get("label")
            or new.get("label")
            or labels.get(definition_id)
            or f"Profile field #{definition_id}"
        )
        yield Change(
            str(name), _word(old.get("value"), {}) if old else NONE, _word(new.get("value"), {})
        )
