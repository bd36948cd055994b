from decimal import Decimal

import pytest

from apps.thinkific.resources.custom_profile_fields import CustomProfileFieldDefinition
from apps.thinkific.resources.users import User
from apps.users.forms import UserCreateForm, UserEditForm, UserFilterForm
from tests.users.conftest import DEFINITIONS, user_json

definitions = [CustomProfileFieldDefinition.from_api(d) for d in DEFINITIONS]
VALID = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "email": "ada@example.com",
    "custom_profile_field_8": "555-0100",
}


def test_filter_form_falls_back_on_bad_paging_and_needs_field_and_value_together():
    form = UserFilterForm({"page": "x", "limit": "7", "custom_profile_field_label": "City"})

    assert form.params == {
        "page": 1,
        "limit": 25,
        "q": "",
        "sort": "",
        "email": "",
        "role": "",
        "external_source": "",
        "group_id": None,
    }
    assert form.errors["custom_profile_field_value"] == [
        "Pick a profile field and the value to look for."
    ]


def test_filter_form_passes_a_complete_profile_field_filter():
    form = UserFilterForm({"custom_profile_field_label": "City", "custom_profile_field_value": "X"})

    assert form.params["custom_profile_field_label"] == "City"
    assert form.filtered


def test_create_form_asks_for_required_profile_fields_and_checks_email_and_password():
    form = UserCreateForm(
        {**VALID, "email": "not-an-email", "password": "12345", "custom_profile_field_8": ""},
        definitions=definitions,
    )

    assert not form.is_valid()
    assert set(form.errors) == {"email", "password", "custom_profile_field_8"}
    assert form.fields["custom_profile_field_8"].label == "Phone"
    assert form.fields["custom_profile_field_7"].required is False


@pytest.mark.parametrize(
    ("kind", "commission", "ok"),
    [
        ("%", "100", True),
        ("%", "100.01", False),
        ("%", "0", False),
        ("$", "9999.98", True),
        ("$", "9999.99", False),
        ("$", "500", True),
    ],
)
def test_affiliate_commission_limits(kind, commission, ok):
    data = {
        **VALID,
        "roles": ["affiliate"],
        "affiliate_commission": commission,
        "affiliate_commission_type": kind,
        "affiliate_payout_email": "pay@example.com",
    }
    form = UserCreateForm(data, definitions=definitions)

    assert form.is_valid() is ok, form.errors


def test_affiliates_need_commission_and_payout_email():
    form = UserCreateForm({**VALID, "roles": ["affiliate"]}, definitions=definitions)

    assert not form.is_valid()
    assert set(form.errors) == {"affiliate_commission", "affiliate_payout_email"}


def test_create_form_create_payload_leave_out_blanks_and_unused_affiliate_settings():
    data = {**VALID, "roles": ["site_admin"], "affiliate_code": "LEFTOVER", "company": ""}
    form = UserCreateForm(data, definitions=definitions)
    assert form.is_valid(), form.errors

    assert form.create_payload() == {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": "ada@example.com",
        "roles": ["site_admin"],
        "custom_profile_fields": {8: "555-0100"},
        "send_welcome_email": False,
    }


def test_edit_form_sends_only_what_changed():
    user = User.from_api(user_json(roles=["affiliate"], affiliate_commission="15.00"))
    initial = UserEditForm.initial_for(user)
    data = {
        **{k: v for k, v in initial.items() if v is not None},
        "company": "",
        "affiliate_commission": "20",
        "affiliate_payout_email": "pay@example.com",
        "custom_profile_field_8": "555-0100",
    }
    form = UserEditForm(data, initial=initial, definitions=definitions)
    assert form.is_valid(), form.errors

    assert form.changes() == {
        "company": "",
        "affiliate_commission": Decimal("20"),
        "affiliate_payout_email": "pay@example.com",
        "custom_profile_fields": {8: "555-0100"},
    }
