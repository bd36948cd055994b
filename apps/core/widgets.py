"""Form widgets drawn faster: Django's own input and select templates, written in Python.

A form's widgets are drawn by templates, two or three includes each and two more for
every option of a select: a list page's filters cost more than its 25 rows. `Renderer`
is Django's default renderer, except that it draws those templates itself, to the byte
(tests/core/test_widgets.py compares the two); every other widget uses its template.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.timezone import template_localtime

WIDGETS = "django/forms/widgets/"
# The templates that are only `{% include "django/forms/widgets/input.html" %}`.
INPUTS = frozenset(
    f"{WIDGETS}{name}.html"
    for name in (
        "input", "text", "search", "email", "url", "number", "password", "hidden", "tel",
        "date", "datetime", "time", "color", "checkbox", "file",
    )
)  # fmt: skip
SELECT = f"{WIDGETS}select.html"
OPTION = f"{WIDGETS}select_option.html"


class Renderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name in INPUTS:
            return mark_safe(_input(context["widget"]))
        if template_name == SELECT:
            return mark_safe(self._select(context["widget"], request))
        return super().render(template_name, context, request)

    def _select(self, widget: dict, request) -> str:
        parts = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
            for option in group_choices:
                if option["template_name"] == OPTION:
                    drawn = f"{_option(option)}\n"  # the template file's last line ends
                else:
                    template = self.get_template(option["template_name"])
                    drawn = template.render({"widget": option}, request)
                parts.append(f"\n  {drawn}")
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return "".join(parts)


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return (
        f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>"
    )


def _option(option: dict) -> str:
    return (
        f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_shown(option['label'])}</option>"
    )


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    drawn = []
    for name, value in attrs.items():
        if value is True:
            drawn.append(f" {_shown(name)}")
        elif value is not False:
            drawn.append(f' {_shown(name)}="{_formatted(value)}"')
    return "".join(drawn)


def _shown(value) -> str:
    """`{{ value }}`: localized, and escaped unless safe."""
    value = localize(template_localtime(value))
    return conditional_escape(value if isinstance(value, str) else str(value))


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}`, which keeps a safe value safe."""
    try:
        text = "%s" % (str(value) if isinstance(value, tuple) else value)
    except (ValueError, TypeError):
        return ""
    return text if isinstance(value, SafeData) else conditional_escape(text)
