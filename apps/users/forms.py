"""Forms whose field names are Thinkific's user fields, so its 422 errors land beside them."""

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django import forms

from apps.core.forms import RecordForm
from apps.core.paging import ListingForm
from apps.core.resources import register_forms
from apps.index.forms import Searchable
from apps.index.selectors import STUDENT
from apps.thinkific.resources.custom_profile_fields import CustomProfileFieldDefinition
from apps.thinkific.resources.groups import Group
from apps.thinkific.resources.users import User

ROLE_CHOICES = [
    ("affiliate", "Affiliate"),
    ("course_admin", "Course admin"),
    ("group_analyst", "Group analyst"),
    ("site_admin", "Site admin"),
]
ROLE_LABELS = dict(ROLE_CHOICES)
PROVIDER_CHOICES = [("SSO", "SSO"), ("OPENID_CONNECT", "OpenID Connect")]
COMMISSION_TYPES = [("%", "Percentage (%)"), ("$", "Fixed amount ($)")]
AFFILIATE_FIELDS = (
    "affiliate_commission",
    "affiliate_commission_type",
    "affiliate_payout_email",
    "affiliate_code",
)
# Thinkific: more than 0 and at most 100 for a percentage, below 9999.99 for an amount.
MAX_FIXED_COMMISSION = Decimal("9999.99")
CUSTOM_FIELD_PREFIX = "custom_profile_field_"


class UserFilterForm(Searchable, ListingForm):
    """The filters `GET /users` offers, and the index's search and sort; choices come from
    the school's definitions and groups."""

    email = forms.CharField(
        label="Email",
        required=False,
        max_length=254,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "ada@example.com"}),
    )
    role = forms.ChoiceField(
        label="Role",
        required=False,
        choices=[("", "Any"), (STUDENT, "Student (no role)"), *ROLE_CHOICES],
    )
    external_source = forms.CharField(label="External source", required=False, max_length=255)
    custom_profile_field_label = forms.CharField(
        label="Profile field", required=False, widget=forms.Select
    )
    custom_profile_field_value = forms.CharField(
        label="Profile field value", required=False, max_length=255
    )
    group_id = forms.IntegerField(label="Group", required=False, min_value=1, widget=forms.Select)

    field_order = [
        "q",
        "email",
        "role",
        "group_id",
        "custom_profile_field_label",
        "custom_profile_field_value",
        "external_source",
        "limit",
    ]

    def __init__(
        self,
        data=None,
        *,
        definitions: Iterable[CustomProfileFieldDefinition] = (),
        groups: Iterable[Group] = (),
        students: bool = True,
    ):
        """`students`: whether the list can pick out the users without a role (it can from
        the school's index; Thinkific's `query[role]` cannot)."""
        super().__init__(data)
        self.students = students
        if not students:
            role = self.fields["role"]
            role.widget.choices = [c for c in role.choices if c[0] != STUDENT]
        labels = [(d.label, d.label) for d in definitions]
        self.fields["custom_profile_field_label"].widget.choices = [("", "Any"), *labels]
        options = [(g.id, g.name) for g in groups]
        self.fields["group_id"].widget.choices = [("", "Any"), *options]

    def clean_role(self):
        role = self.cleaned_data["role"]
        if role == STUDENT and not self.students:
            raise forms.ValidationError(
                "Thinkific cannot list the users without a role: this filter works once "
                "the school's index is built."
            )
        return role

    def clean(self):
        cleaned = super().clean()
        label = cleaned.pop("custom_profile_field_label", "")
        value = cleaned.pop("custom_profile_field_value", "")
        if label and value:
            cleaned.update(custom_profile_field_label=label, custom_profile_field_value=value)
        elif label or value:
            # Thinkific applies the two only together; one alone would silently match all.
            self.add_error(
                "custom_profile_field_value" if label else "custom_profile_field_label",
                "Pick a profile field and the value to look for.",
            )
        return cleaned


class UserLookupForm(forms.Form):
    """Find a user by the id an SSO system knows them by."""

    external_id = forms.CharField(label="External ID", max_length=255)
    provider = forms.ChoiceField(label="Provider", choices=PROVIDER_CHOICES, initial="SSO")


class UserForm(RecordForm):
    """Fields both create and edit take; one more per custom profile field definition."""

    first_name = forms.CharField(label="First name", max_length=255)
    last_name = forms.CharField(label="Last name", max_length=255)
    email = forms.EmailField(label="Email", max_length=254)
    password = forms.CharField(
        label="Password",
        required=False,
        min_length=6,
        max_length=128,  # Thinkific refuses longer ones
        strip=False,
        # Never sent back in a page, even after a failed save (see `secret_fields`).
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )
    roles = forms.MultipleChoiceField(
        label="Roles", required=False, choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    company = forms.CharField(label="Company", required=False, max_length=255)
    headline = forms.CharField(label="Headline", required=False, max_length=255)
    bio = forms.CharField(
        label="Bio",
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 40}),
    )
    affiliate_commission = forms.DecimalField(
        label="Commission", required=False, max_digits=6, decimal_places=2
    )
    affiliate_commission_type = forms.ChoiceField(
        label="Commission type",
        required=False,
        choices=COMMISSION_TYPES,
        initial="%",
        widget=forms.RadioSelect,
    )
    affiliate_payout_email = forms.EmailField(label="Payout email", required=False)
    affiliate_code = forms.CharField(label="Affiliate code", required=False, max_length=255)

    password_help = "At least 6 characters. Without one, the user signs in by an emailed link."
    # `apps.core.forms.submit` asks for these again after a failed save.
    secret_fields = ("password",)

    def __init__(
        self, data=None, *, definitions: Sequence[CustomProfileFieldDefinition] = (), **kwargs
    ):
        super().__init__(data, **kwargs)
        self.fields["password"].help_text = self.password_help
        self.definitions = tuple(definitions)
        for definition in self.definitions:
            self.fields[f"{CUSTOM_FIELD_PREFIX}{definition.id}"] = forms.CharField(
                label=definition.label, required=definition.required, max_length=1000
            )

    def clean(self):
        cleaned = super().clean()
        if "affiliate" not in cleaned.get("roles", ()):
            return cleaned
        kind = cleaned.get("affiliate_commission_type") or "%"
        cleaned["affiliate_commission_type"] = kind
        commission = cleaned.get("affiliate_commission")
        if commission is None and "affiliate_commission" not in self.errors:
            self.add_error("affiliate_commission", "Affiliates need a commission.")
        elif commission is not None and kind == "%" and not 0 < commission <= 100:
            self.add_error("affiliate_commission", "A percentage is more than 0 and at most 100.")
        elif commission is not None and kind == "$" and not 0 < commission < MAX_FIXED_COMMISSION:
            self.add_error("affiliate_commission", "An amount is more than 0 and below 9999.99.")
        if (
            not cleaned.get("affiliate_payout_email")
            and "affiliate_payout_email" not in self.errors
        ):
            self.add_error("affiliate_payout_email", "Affiliates need an email to be paid at.")
        return cleaned

    def display_name(self) -> str:
        data = self.cleaned_data
        return f"{data['first_name']} {data['last_name']} ({data['email']})"

    # -- what goes to Thinkific -----------------------------------------------------------

    @property
    def custom_field_names(self) -> list[str]:
        return [name for name in self.fields if name.startswith(CUSTOM_FIELD_PREFIX)]

    @property
    def custom_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.custom_field_names]

    def custom_profile_fields(self, names: Iterable[str]) -> dict[int, str]:
        """{definition id: value} for the named custom profile field inputs."""
        return {
            int(name.removeprefix(CUSTOM_FIELD_PREFIX)): self.cleaned_data[name] for name in names
        }


class UserCreateForm(UserForm):
    send_welcome_email = forms.BooleanField(label="Send the school's welcome email", required=False)
    external_id = forms.CharField(
        label="External ID",
        required=False,
        max_length=255,
        help_text="The user's id in your single sign-on system, if any.",
    )
    provider = forms.ChoiceField(
        label="Provider", required=False, choices=PROVIDER_CHOICES, initial="SSO"
    )

    def create_payload(self) -> dict[str, Any]:
        """The new user's fields, by Thinkific's names; blanks left out."""
        data = self.cleaned_data
        fields = {
            name: data[name]
            for name in ("first_name", "last_name", "email", "company", "headline", "bio")
            if data.get(name)
        }
        if data.get("password"):
            fields["password"] = data["password"]
        fields["roles"] = list(data.get("roles") or ())
        if "affiliate" in fields["roles"]:
            fields.update({name: data[name] for name in AFFILIATE_FIELDS if data.get(name)})
        answers = self.custom_profile_fields(
            name for name in self.custom_field_names if data.get(name)
        )
        if answers:
            fields["custom_profile_fields"] = answers
        fields["send_welcome_email"] = bool(data.get("send_welcome_email"))
        if data.get("external_id"):
            fields["external_id"] = data["external_id"]
            fields["provider"] = data.get("provider") or "SSO"
        return fields


class UserEditForm(UserForm):
    password_help = "Leave blank to keep the current password. At least 6 characters."

    @classmethod
    def initial_for(cls, user: User) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "roles": list(user.roles),
            "company": user.company or "",
            "headline": user.headline or "",
            "bio": user.bio or "",
            "affiliate_commission": user.affiliate_commission,
            "affiliate_commission_type": user.affiliate_commission_type or "%",
            "affiliate_payout_email": user.affiliate_payout_email or "",
            "affiliate_code": user.affiliate_code or "",
        }
        for answer in user.custom_profile_fields:
            if answer.custom_profile_field_definition_id is not None:
                name = f"{CUSTOM_FIELD_PREFIX}{answer.custom_profile_field_definition_id}"
                initial[name] = answer.value or ""
        return initial

    def changes(self) -> dict[str, Any]:
        """Only what the staff member changed: Thinkific leaves absent fields as they are
        (and takes a new email only from private integrations, so it is sent only when new)."""
        data = self.cleaned_data
        changed = set(self.changed_data)
        fields: dict[str, Any] = {}
        for name in ("first_name", "last_name", "email", "company", "headline", "bio", "roles"):
            if name in changed:
                fields[name] = list(data[name]) if name == "roles" else data[name]
        if data.get("password"):
            fields["password"] = data["password"]
        if "affiliate" in (data.get("roles") or ()):
            fields.update({name: data[name] for name in AFFILIATE_FIELDS if name in changed})
        answers = self.custom_profile_fields(
            name for name in self.custom_field_names if name in changed
        )
        if answers:
            fields["custom_profile_fields"] = answers
        return fields


register_forms("users", UserCreateForm, UserEditForm)
