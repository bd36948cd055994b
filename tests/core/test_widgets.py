"""The project's form renderer draws Django's input and select widgets as their templates do."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from apps.core.widgets import Renderer
from apps.users.forms import UserCreateForm, UserFilterForm
from apps.webhooks.forms import FeedForm, WatchForm

HOSTILE = '<b>"it\'s" & more</b>'


class Everything(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"placeholder": HOSTILE, "data-x": 0}))
    search = forms.CharField(widget=forms.TextInput(attrs={"type": "search", "autofocus": True}))
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    number = forms.DecimalField(required=False)
    email = forms.EmailField(required=False, disabled=True)
    password = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    date = forms.DateField(required=False)
    when = forms.DateTimeField(required=False)
    agree = forms.BooleanField(required=False)
    maybe = forms.NullBooleanField(required=False)
    file = forms.FileField(required=False)
    pick = forms.ChoiceField(
        choices=[
            ("", "Any"),
            (1, 1000),
            ("safe", mark_safe("<i>safe</i>")),
            ("lazy", gettext_lazy("Lazy label")),
            (HOSTILE, HOSTILE),
            ("Group <1>", [("a", "A"), ("b", Decimal("2.50"))]),
        ],
        required=False,
    )
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")], required=False)
    text_area = forms.CharField(widget=forms.Textarea, required=False)  # a template's own
    radio = forms.ChoiceField(widget=forms.RadioSelect, choices=[("r", "R")], required=False)


class OtherOption(forms.Select):
    option_template_name = "django/forms/widgets/radio_option.html"


BOUND = [
    {},
    {
        "text": HOSTILE,
        "search": mark_safe("<safe>"),
        "hidden": "0",
        "number": "12.5",
        "email": "a&b@example.com",
        "password": "p<w>",
        "date": "2024-03-01",
        "when": "2024-03-01 10:00",
        "agree": "on",
        "maybe": "true",
        "pick": HOSTILE,
        "many": ["x", "y"],
        "text_area": HOSTILE,
        "radio": "r",
    },
    {"number": "not a number", "pick": "b", "many": ["y"], "when": datetime.datetime(2024, 1, 1)},
]


def drawn(form_class, data, renderer, **kwargs):
    form = form_class(data or None, **kwargs)
    form.renderer = renderer
    return [str(field) for field in form]


@pytest.mark.parametrize("data", BOUND)
def test_every_widget_is_drawn_as_its_template_draws_it(data):
    assert drawn(Everything, data, Renderer()) == drawn(Everything, data, DjangoTemplates())


def test_a_select_with_another_option_template_uses_it():
    class Form(forms.Form):
        pick = forms.ChoiceField(choices=[("a", "A")], widget=OtherOption)

    assert drawn(Form, {"pick": "a"}, Renderer()) == drawn(Form, {"pick": "a"}, DjangoTemplates())


@pytest.mark.parametrize(
    ("form_class", "data", "kwargs"),
    [
        (UserFilterForm, {"role": "site_admin", "limit": "100"}, {}),
        (UserCreateForm, {"email": HOSTILE}, {"definitions": ()}),
        (WatchForm, {"topics": ["order.created"]}, {"connection": None}),
        (FeedForm, {"since": "2024-03-01", "before": "9"}, {"schools": []}),
    ],
)
def test_the_portals_forms_are_drawn_as_before(form_class, data, kwargs, db):
    ours = drawn(form_class, data, Renderer(), **kwargs)
    assert ours == drawn(form_class, data, DjangoTemplates(), **kwargs)
    assert ours


def test_it_is_the_sites_renderer(settings):
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), Renderer)
