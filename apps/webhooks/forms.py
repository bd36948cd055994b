from __future__ import annotations

from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone

from apps.core import display
from apps.core.resources import register_forms
from apps.webhooks import topics
from apps.webhooks.describe import Links
from apps.webhooks.models import Watch
from apps.webhooks.selectors import Feed


class WatchForm(forms.Form):
    NAME_TAKEN = "This school already has a watch with that name."

    name = forms.CharField(
        label="Watch name",
        max_length=120,
        help_text="Your name for this watch, e.g. “New orders”.",
    )
    topics = forms.MultipleChoiceField(
        label="Events to watch",
        choices=topics.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Pick at least one event."},
    )

    def __init__(self, *args, connection, instance: Watch | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.connection = connection
        self.instance = instance

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        others = Watch.objects.filter(connection=self.connection, name__iexact=name)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(self.NAME_TAKEN)
        return name


# A day past the end of the calendar is one Python cannot add a day to.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(9998, 12, 31)
MAX_ID = 2**63 - 1  # the database's largest id


def event_pk(value) -> int | None:
    """An event id from a query or a header; None for anything that cannot be one."""
    text = str(value or "").strip()
    if not text.isdigit() or len(text) > 19 or int(text) > MAX_ID:
        return None
    return int(text)


class FeedDateField(forms.DateField):
    default_error_messages = {"out_of_range": "Pick a day from 1 January 1900 to 31 December 9998."}

    def __init__(self, **kwargs):
        message = self.default_error_messages["out_of_range"]
        validators = [MinValueValidator(FIRST_DAY, message), MaxValueValidator(LAST_DAY, message)]
        widget = forms.DateInput(attrs={"type": "date", "min": FIRST_DAY, "max": LAST_DAY})
        super().__init__(required=False, validators=validators, widget=widget, **kwargs)


class FeedForm(forms.Form):
    """The feed's filters. A bad value never fails the page: it is ignored and flagged."""

    school = forms.ChoiceField(required=False, label="School")
    topic = forms.ChoiceField(required=False, label="Event")
    watch = forms.TypedChoiceField(required=False, label="Watch", coerce=int, empty_value=None)
    since = FeedDateField(label="From")
    until = FeedDateField(label="To")
    before = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput
    )

    def __init__(self, data, *, schools, school=None):
        super().__init__(data)
        self.schools = list(schools)
        self.school = school
        self.fields["topic"].choices = [("", "All events"), *topics.choices()]
        if school is None:
            self.fields["school"].choices = [("", "All schools")] + [
                (s.slug, s.name) for s in self.schools
            ]
            del self.fields["watch"]
        else:
            del self.fields["school"]
            self.watches = list(Watch.objects.filter(connection=school))
            self.fields["watch"].choices = [("", "Any watch")] + [
                (w.pk, w.name) for w in self.watches
            ]
            if not self.watches:
                del self.fields["watch"]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            # Said once above the results (which HTMX swaps), not beside the field.
            cleaned["until"] = None
            self.add_error(
                None,
                f"The date range ends before it starts: “To” ({display.date(until)}) is before "
                f"“From” ({display.date(since)}), so “To” was left out. "
                "Pick a day on or after “From”.",
            )
        return cleaned

    @property
    def filtered(self) -> bool:
        """True when the user asked for less than everything (paging aside)."""
        return any(self.data.get(name) for name in self.fields if name != "before")

    def feed(self, *, user) -> Feed:
        """The feed these filters describe for `user`; invalid fields count as unset."""
        self.is_valid()
        value = {
            name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors
        }
        if self.school is not None:
            ids = frozenset({self.school.pk})
        elif value.get("school"):
            ids = frozenset(s.pk for s in self.schools if s.slug == value["school"])
        else:
            ids = frozenset(s.pk for s in self.schools)
        wanted = frozenset({value["topic"]}) if value.get("topic") else None  # None: all
        watch = self.chosen_watch
        if watch is not None:
            # A topic and a watch that share nothing leave an empty set: no events.
            wanted = frozenset(watch.topics) & wanted if wanted else frozenset(watch.topics)
        return Feed(
            connection_ids=ids,
            topics=wanted,
            since=value.get("since"),
            until=value.get("until"),
            received_from=watch.created_at if watch is not None else None,
            links=Links.for_user(user),
            cross_school=self.school is None,
            time_zone=timezone.get_current_timezone_name(),
        )

    @property
    def chosen_watch(self) -> Watch | None:
        """The watch whose events are asked for, if any (and valid)."""
        self.is_valid()
        if "watch" in self.errors:
            return None
        chosen = self.cleaned_data.get("watch")
        return next((w for w in getattr(self, "watches", []) if w.pk == chosen), None)

    @property
    def before_id(self) -> int | None:
        self.is_valid()
        return None if "before" in self.errors else self.cleaned_data.get("before")


register_forms("watches", WatchForm)
