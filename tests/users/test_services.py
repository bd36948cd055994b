import json
from decimal import Decimal

import pytest
from responses import matchers

from apps.thinkific import errors
from apps.users import services
from tests.users.conftest import API, user_json


def test_user_create_posts_thinkifics_fields(api, client_for_school):
    api.post(f"{API}/users", status=201, json=user_json(id=12))

    user = services.user_create(
        client=client_for_school,
        first_name="Ada",
        last_name="Lovelace",
        email="ada@example.com",
        password="secret-1",
        roles=["affiliate"],
        affiliate_commission=Decimal("12.50"),
        affiliate_commission_type="%",
        affiliate_payout_email="pay@example.com",
        custom_profile_fields={8: "555-0100"},
        send_welcome_email=True,
        external_id="hr-9",
        provider="SSO",
    )

    assert user.id == 12
    assert json.loads(api.calls[0].request.body) == {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": "ada@example.com",
        "password": "secret-1",
        "roles": ["affiliate"],
        "affiliate_commission": 12.5,
        "affiliate_commission_type": "%",
        "affiliate_payout_email": "pay@example.com",
        "custom_profile_fields": [{"custom_profile_field_definition_id": 8, "value": "555-0100"}],
        "send_welcome_email": True,
        "external_id": "hr-9",
        "provider": "SSO",
    }


def test_user_create_raises_thinkifics_field_errors(api, client_for_school):
    api.post(f"{API}/users", status=422, json={"errors": {"email": ["has already been taken"]}})

    with pytest.raises(errors.ValidationError) as caught:
        services.user_create(
            client=client_for_school, first_name="A", last_name="B", email="a@example.com"
        )

    assert caught.value.field_errors == {"email": ["has already been taken"]}
    assert len(api.calls) == 1  # a write is never retried


def test_user_update_sends_only_the_named_fields(api, client_for_school):
    api.put(
        f"{API}/users/12",
        status=204,
        match=[
            matchers.json_params_matcher(
                {
                    "company": "",
                    "custom_profile_fields": [
                        {"custom_profile_field_definition_id": 7, "value": "Paris"}
                    ],
                }
            )
        ],
    )

    changed = services.user_update(
        client=client_for_school, user_id=12, company="", custom_profile_fields={7: "Paris"}
    )

    assert changed is True


def test_user_update_without_changes_makes_no_request(api, client_for_school):
    assert services.user_update(client=client_for_school, user_id=12) is False
    assert len(api.calls) == 0


def test_user_delete(api, client_for_school):
    api.delete(f"{API}/users/12", status=204)

    services.user_delete(client=client_for_school, user_id=12)

    assert api.calls[0].request.method == "DELETE"
