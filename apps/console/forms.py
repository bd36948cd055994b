from collections.abc import Callable
from itertools import zip_longest
from urllib.parse import parse_qsl

from django import forms

from apps.console import safety
from apps.console.calls import METHODS, ApiCall
from apps.core import jsonsafe

MAX_BODY_BYTES = 256 * 1024


class KeyValueWidget(forms.Widget):
    """Rows of name and value inputs (`<name>_name`, `<name>_value`), with blank rows to add
    more without JavaScript."""

    template_name = "console/widgets/key_value.html"
    blank_rows = 2

    def __init__(self, *, name_label: str = "Name", attrs: dict | None = None):
        super().__init__(attrs)
        self.name_label = name_label

    def value_from_datadict(self, data, files, name):
        names, values = _getlist(data, f"{name}_name"), _getlist(data, f"{name}_value")
        return list(zip_longest(names, values, fillvalue=""))

    def value_omitted_from_data(self, data, files, name):
        return f"{name}_name" not in data and f"{name}_value" not in data

    def format_value(self, value):
        return [(str(key), str(val)) for key, val in value or []]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        filled = [row for row in context["widget"]["value"] if any(row)]
        context["widget"]["rows"] = filled + [("", "")] * self.blank_rows
        context["widget"]["name_label"] = self.name_label
        return context

    def id_for_label(self, id_):
        return f"{id_}_0_name" if id_ else id_


def _getlist(data, key: str) -> list[str]:
    if hasattr(data, "getlist"):
        return data.getlist(key)
    value = data.get(key, [])
    return list(value) if isinstance(value, list | tuple) else [value]


class KeyValueField(forms.Field):
    """Name/value pairs; blank rows are dropped, each kept row is checked by `check`."""

    widget = KeyValueWidget

    def __init__(
        self,
        *,
        max_rows: int = 30,
        check: Callable[[str, str], None] | None = None,
        name_label: str = "Name",
        **kwargs,
    ):
        kwargs.setdefault("widget", KeyValueWidget(name_label=name_label))
        super().__init__(**kwargs)
        self.max_rows = max_rows
        self.check = check

    def to_python(self, value) -> list[tuple[str, str]]:
        rows = []
        for name, text in value or []:
            # Spaces and tabs only: a line break must reach the check, not vanish silently.
            name, text = (name or "").strip(" \t"), (text or "").strip(" \t")
            if name or text:
                rows.append((name, text))
        return rows

    def validate(self, value):
        super().validate(value)
        if len(value) > self.max_rows:
            raise forms.ValidationError(f"At most {self.max_rows} rows.")
        problems = []
        for name, text in value:
            if not name:
                problems.append(f"The value “{text}” needs a name.")
                continue
            try:
                if self.check:
                    self.check(name, text)
            except safety.RefusedError as exc:
                problems.append(str(exc))
        if problems:
            raise forms.ValidationError(problems)


class CallForm(forms.Form):
    """One API call: method, path under the API, query, headers and a JSON body."""

    method = forms.ChoiceField(choices=[(m, m) for m in METHODS], initial="GET")
    path = forms.CharField(
        max_length=safety.MAX_PATH_LENGTH + 2000,
        help_text="Under the API: /v1/… is the Admin API, /v2/… the Webhooks API.",
        widget=forms.TextInput(
            attrs={
                "list": "console-endpoints",
                "placeholder": "/v1/users",
                "autocomplete": "off",
                "spellcheck": "false",
                "class": "mono",
            }
        ),
    )
    query = KeyValueField(
        label="Query parameters", required=False, max_rows=50, name_label="Parameter"
    )
    headers = KeyValueField(
        label="Headers",
        required=False,
        check=safety.check_header,
        name_label="Header",
        help_text="The portal adds the school's credentials; Content-Type is JSON for a body.",
    )
    body = forms.CharField(
        label="JSON body",
        required=False,
        strip=False,
        help_text="For POST, PUT, PATCH and DELETE. Checked before sending.",
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "false", "class": "mono"}),
    )
    confirm = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_path(self) -> str:
        path, _, query = self.cleaned_data["path"].strip().partition("?")
        try:
            safety.target_for(path)
        except safety.RefusedError as exc:
            raise forms.ValidationError(str(exc)) from exc
        # A query typed into the path joins the query rows.
        self.path_query = parse_qsl(query, keep_blank_values=True)
        return path if path.startswith("/") else f"/{path}"

    def clean_headers(self) -> list[tuple[str, str]]:
        headers = self.cleaned_data["headers"]
        names = [name.lower() for name, _ in headers]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            raise forms.ValidationError(f"Each header once: {', '.join(twice)} is given twice.")
        return headers

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        if not body.strip():
            return ""
        try:
            jsonsafe.loads(body, max_bytes=MAX_BODY_BYTES)
        except jsonsafe.JSONError as exc:
            raise forms.ValidationError(str(exc)) from None
        return body

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("method") == "GET" and cleaned.get("body"):
            self.add_error(
                "body", "A GET sends no body: use query parameters, or choose POST, PUT or PATCH."
            )
        return cleaned

    @property
    def call(self) -> ApiCall:
        data = self.cleaned_data
        return ApiCall(
            method=data["method"],
            path=data["path"],
            query=tuple(self.path_query) + tuple(data["query"]),
            headers=tuple(data["headers"]),
            body=data["body"],
        )

    @property
    def confirmed(self) -> bool:
        """A valid read goes at once; a write once confirmed for exactly this request."""
        if not self.is_valid():
            return False
        call = self.call
        return not call.needs_confirmation or self.cleaned_data["confirm"] == call.fingerprint
