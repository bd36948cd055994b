from datetime import UTC, datetime
from decimal import Decimal

import pytest

from apps.thinkific import errors
from apps.thinkific.resources.users import Authentication, CustomProfileField, User
from tests.thinkific.conftest import envelope

USER = {
    "id": 4,
    "created_at": "2015-09-10T23:39:56.189Z",
    "first_name": "Ada",
    "last_name": "Lovelace",
    "full_name": "Ada Lovelace",
    "company": None,
    "email": "ada@example.com",
    "roles": ["affiliate"],
    "avatar_url": None,
    "bio": None,
    "headline": "Analyst",
    "affiliate_code": "ada10",
    "affiliate_commission": "15.00",
    "affiliate_commission_type": "%",
    "affiliate_payout_email": None,
    "external_source": None,
    "administered_course_ids": None,
    "custom_profile_fields": [
        {"id": 1, "value": "Canada", "label": "Country", "custom_profile_field_definition_id": "2"}
    ],
}


def test_list_sends_page_limit_and_every_filter(api, client):
    api.expect(
        "GET",
        "/users",
        query={
            "page": 2,
            "limit": 50,
            "query[email]": "ada@example.com",
            "query[role]": "affiliate",
            "query[external_source]": "sso",
            "query[custom_profile_field_label]": "Country",
            "query[custom_profile_field_value]": "Canada",
            "query[group_id]": 9,
        },
        json=envelope([USER], page=2, total_items=51),
    )

    page = client.users.list(
        page=2,
        limit=50,
        email="ada@example.com",
        role="affiliate",
        external_source="sso",
        custom_profile_field_label="Country",
        custom_profile_field_value="Canada",
        group_id=9,
    )

    assert page.total_items == 51
    assert page.items[0].name == "Ada Lovelace"


def test_list_leaves_out_empty_filters(api, client):
    api.expect("GET", "/users", query={"page": 1, "limit": 25}, json=envelope([]))

    assert client.users.list(email="", role=None).items == []


def test_a_misspelt_filter_is_refused_before_any_request(client):
    with pytest.raises(TypeError, match="emial"):
        client.users.list(emial="ada@example.com")


def test_all_walks_the_pages_with_filters(api, client):
    api.expect(
        "GET",
        "/users",
        query={"page": 1, "limit": 250, "query[group_id]": 3},
        json=envelope([USER], next_page=2),
    )
    api.expect(
        "GET",
        "/users",
        query={"page": 2, "limit": 250, "query[group_id]": 3},
        json=envelope([{**USER, "id": 5}], page=2),
    )

    assert [user.id for user in client.users.all(group_id=3)] == [4, 5]


def test_get_by_id(api, client):
    api.expect("GET", "/users/4", json=USER)

    user = client.users.get(4)

    assert user.email == "ada@example.com"
    assert user.affiliate_commission == Decimal("15.00")
    assert user.administered_course_ids == ()
    assert user.custom_profile_fields == (
        CustomProfileField(
            id=1, value="Canada", label="Country", custom_profile_field_definition_id=2
        ),
    )
    assert user.created_at == datetime(2015, 9, 10, 23, 39, 56, 189000, tzinfo=UTC)


def test_get_by_external_id_escapes_it_and_names_the_provider(api, client):
    api.expect("GET", "/users/ext%2F42%20a", query={"provider": "SSO"}, json=USER)

    assert client.users.get("ext/42 a", provider="SSO").id == 4


def test_get_of_a_missing_user_is_not_found(api, client):
    api.expect("GET", "/users/99", status=404, json={"error": "Record not found."})

    with pytest.raises(errors.NotFoundError, match=r"Record not found\."):
        client.users.get(99)


def test_create_posts_the_fields_and_returns_the_user(api, client):
    api.expect(
        "POST",
        "/users",
        sent={
            "first_name": "Ada",
            "last_name": "Lovelace",
            "email": "ada@example.com",
            "roles": ["affiliate"],
            "affiliate_commission": 15.5,
            "custom_profile_fields": [{"custom_profile_field_definition_id": 2, "value": "CA"}],
            "send_welcome_email": True,
            "external_id": "e-1",
            "provider": "OPENID_CONNECT",
        },
        status=201,
        json=USER,
    )

    user = client.users.create(
        first_name="Ada",
        last_name="Lovelace",
        email="ada@example.com",
        roles=("affiliate",),
        affiliate_commission=Decimal("15.5"),
        custom_profile_fields=[{"custom_profile_field_definition_id": 2, "value": "CA"}],
        send_welcome_email=True,
        external_id="e-1",
        provider="OPENID_CONNECT",
        password=None,  # unset: left out
    )

    assert isinstance(user, User)


def test_create_maps_422_field_errors(api, client):
    api.expect(
        "POST",
        "/users",
        sent={"first_name": "A", "last_name": "L", "email": "taken@example.com"},
        status=422,
        json={"errors": {"email": ["has already been taken"]}},
    )

    with pytest.raises(errors.ValidationError) as caught:
        client.users.create(first_name="A", last_name="L", email="taken@example.com")
    assert caught.value.field_errors == {"email": ["has already been taken"]}


def test_update_puts_the_named_fields_and_answers_nothing(api, client):
    api.expect("PUT", "/users/4", sent={"bio": None, "headline": "Chief"}, status=204)

    assert client.users.update(4, bio=None, headline="Chief") is None


def test_update_by_external_id(api, client):
    api.expect("PUT", "/users/e-1", query={"provider": "SSO"}, sent={"company": "X"}, status=204)

    client.users.update("e-1", provider="SSO", company="X")


def test_delete(api, client):
    api.expect("DELETE", "/users/4", status=204)

    assert client.users.delete(4) is None


def test_delete_by_external_id(api, client):
    api.expect("DELETE", "/users/e-1", query={"provider": "OPENID_CONNECT"}, status=204)

    client.users.delete("e-1", provider="OPENID_CONNECT")


def test_authentication(api, client):
    api.expect(
        "GET",
        "/users/4/authentications/OPENID_CONNECT",
        json={"provider": "OPENID_CONNECT", "external_id": "abc123"},
    )

    assert client.users.authentication(4, "OPENID_CONNECT") == Authentication(
        provider="OPENID_CONNECT", external_id="abc123"
    )


def test_the_user_record_tolerates_live_quirks():
    user = User.from_api(
        {"id": "4", "roles": None, "affiliate_commission": 15, "first_name": "A", "extra": 1}
    )

    assert (user.id, user.roles, user.affiliate_commission) == (4, (), Decimal(15))
    assert user.name == "A"
    assert user.raw["extra"] == 1
