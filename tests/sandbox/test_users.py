"""/users: create, read (by id or external id), update, delete, filters, validation, events."""

import pytest

from apps.sandbox import models as m
from tests.sandbox import factories

VALID = {"first_name": "Grace", "last_name": "Hopper", "email": "Grace@Example.com"}


def topics(school) -> list[str]:
    return [event.topic for event in m.Event.objects.filter(school=school).order_by("pk")]


def test_create_answers_201_with_the_user(api, school):
    response = api.post("users", {**VALID, "password": "secret1", "company": "Navy"})
    assert response.status_code == 201
    user = response.json()
    assert user["id"] == m.User.objects.get().pk
    assert user["email"] == "grace@example.com"
    assert user["full_name"] == "Grace Hopper"
    assert user["company"] == "Navy"
    assert user["roles"] == []
    assert user["custom_profile_fields"] == []
    assert user["administered_course_ids"] == []
    assert user["created_at"].endswith("Z")
    assert "password" not in user
    assert topics(school) == ["user.signup"]


def test_create_an_affiliate(api):
    body = {**VALID, "roles": ["affiliate"], "affiliate_commission": 15}
    user = api.post("users", body).json()
    assert user["roles"] == ["affiliate"]
    assert user["affiliate_commission"] == "15.00"  # a string, as live data
    assert user["affiliate_commission_type"] == "%"
    assert len(user["affiliate_code"]) == 6


def test_create_with_profile_fields_and_external_id(api, school):
    country = m.CustomProfileFieldDefinition.objects.create(school=school, label="Country")
    body = {
        **VALID,
        "custom_profile_fields": [
            {"custom_profile_field_definition_id": country.pk, "value": "CA"}
        ],
        "external_id": "abc-123",
        "provider": "OPENID_CONNECT",
    }
    user = api.post("users", body).json()
    [field] = user["custom_profile_fields"]
    assert field["label"] == "Country" and field["value"] == "CA"
    assert field["custom_profile_field_definition_id"] == country.pk
    found = api.get("users/abc-123", {"provider": "OPENID_CONNECT"})
    assert found.json()["id"] == user["id"]
    auth = api.get(f"users/{user['id']}/authentications/OPENID_CONNECT")
    assert auth.json() == {"provider": "OPENID_CONNECT", "external_id": "abc-123"}
    assert api.get(f"users/{user['id']}/authentications/SSO").status_code == 404


def test_required_fields(api):
    response = api.post("users", {})
    assert response.status_code == 422
    assert response.json() == {
        "errors": {
            "first_name": ["can't be blank"],
            "last_name": ["can't be blank"],
            "email": ["can't be blank"],
        }
    }


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"email": "not-an-email"}, {"email": ["is invalid"]}),
        ({"password": "12345"}, {"password": ["is too short (minimum is 6 characters)"]}),
        ({"roles": ["wizard"]}, {"roles": ["is not included in the list"]}),
        ({"first_name": "x" * 256}, {"first_name": ["is too long (maximum is 255 characters)"]}),
        ({"roles": ["affiliate"]}, {"affiliate_commission": ["can't be blank"]}),
        (
            {"roles": ["affiliate"], "affiliate_commission": 0},
            {"affiliate_commission": ["must be greater than 0"]},
        ),
        (
            {"roles": ["affiliate"], "affiliate_commission": 100.5},
            {"affiliate_commission": ["must be less than or equal to 100"]},
        ),
        (
            {"affiliate_commission": 9999.99, "affiliate_commission_type": "$"},
            {"affiliate_commission": ["must be less than 9999.99"]},
        ),
        (
            {"affiliate_commission_type": "€"},
            {"affiliate_commission_type": ["is not included in the list"]},
        ),
        ({"affiliate_commission": "lots"}, {"affiliate_commission": ["is not a number"]}),
        ({"custom_profile_fields": [{"value": "x"}]}, {"custom_profile_fields": ["is invalid"]}),
    ],
)
def test_validation(api, change, errors):
    response = api.post("users", {**VALID, **change})
    assert response.status_code == 422
    assert response.json() == {"errors": errors}


def test_dollar_commission_below_the_cap_is_fine(api):
    body = {**VALID, "roles": ["affiliate"], "affiliate_commission": 500}
    response = api.post("users", {**body, "affiliate_commission_type": "$"})
    assert response.status_code == 201
    assert response.json()["affiliate_commission"] == "500.00"


def test_email_is_unique_per_school_ignoring_case(api, school):
    factories.user(school, email="grace@example.com")
    factories.user(factories.school(), email="taken@example.com")
    response = api.post("users", VALID)
    assert response.json() == {"errors": {"email": ["has already been taken"]}}
    assert api.post("users", {**VALID, "email": "taken@example.com"}).status_code == 201


def test_required_profile_fields_unless_skipped(api, school):
    m.CustomProfileFieldDefinition.objects.create(school=school, label="Phone", required=True)
    response = api.post("users", VALID)
    assert response.json() == {"errors": {"custom_profile_fields": ["Phone can't be blank"]}}
    assert api.post("users", {**VALID, "skip_custom_fields_validation": True}).status_code == 201


def test_read_update_delete(api, school):
    user = factories.user(school, first_name="Ada")
    assert api.get(f"users/{user.pk}").json()["first_name"] == "Ada"
    response = api.put(f"users/{user.pk}", {"first_name": "Augusta", "bio": "Analyst"})
    assert response.status_code == 204
    assert response.content == b""
    data = api.get(f"users/{user.pk}").json()
    assert (data["first_name"], data["last_name"], data["bio"]) == (
        "Augusta",
        user.last_name,
        "Analyst",
    )
    assert api.delete(f"users/{user.pk}").status_code == 204
    assert api.get(f"users/{user.pk}").status_code == 404


def test_update_announces_name_email_and_role_changes_only(api, school):
    user = factories.user(school)
    api.put(f"users/{user.pk}", {"headline": "Poet"})
    assert topics(school) == []
    api.put(f"users/{user.pk}", {"roles": ["course_admin"]})
    event = m.Event.objects.get(school=school)
    assert event.topic == "user.updated"
    assert event.payload["roles"] == ["course_admin"]


def test_update_validates_what_it_is_given(api, school):
    user = factories.user(school)
    factories.user(school, email="taken@example.com")
    assert api.put(f"users/{user.pk}", {"first_name": ""}).json() == {
        "errors": {"first_name": ["can't be blank"]}
    }
    assert api.put(f"users/{user.pk}", {"email": "TAKEN@example.com"}).status_code == 422
    assert api.put(f"users/{user.pk}", {"password": "abc"}).status_code == 422


@pytest.mark.parametrize("path", ["users/999999", "users/abc", "users/1.5"])
def test_unknown_user_is_404(api, path):
    response = api.get(path)
    assert (response.status_code, response.json()) == (404, {"error": "Record not found."})


def test_other_schools_users_are_404(api):
    other = factories.user(factories.school())
    assert api.get(f"users/{other.pk}").status_code == 404
    assert api.put(f"users/{other.pk}", {"first_name": "X"}).status_code == 404
    assert api.delete(f"users/{other.pk}").status_code == 404


def test_external_id_lookups_for_update_and_delete(api, school):
    user = factories.user(school)
    m.UserAuthentication.objects.create(school=school, user=user, provider="SSO", external_id="e1")
    assert api.get("users/e1", {"provider": "SSO"}).json()["id"] == user.pk
    assert api.get("users/e1", {"provider": "OPENID_CONNECT"}).status_code == 404
    assert api.put("users/e1?provider=SSO", {"first_name": "Ext"}).status_code == 204
    assert api.get(f"users/{user.pk}").json()["first_name"] == "Ext"
    assert api.delete("users/e1?provider=SSO").status_code == 204
    assert not m.User.objects.filter(pk=user.pk).exists()


class TestFilters:
    @pytest.fixture
    def people(self, school):
        ada = factories.user(school, email="ada@example.com", roles="affiliate site_admin")
        bob = factories.user(school, email="bob@example.com", external_source="sso")
        cy = factories.user(school, email="cy@example.com", roles="course_admin")
        return ada, bob, cy

    def ids(self, api, **query) -> list[int]:
        params = {f"query[{name}]": value for name, value in query.items()}
        response = api.get("users", params)
        assert response.status_code == 200
        return [item["id"] for item in response.json()["items"]]

    def test_email(self, api, people):
        assert self.ids(api, email="BOB@example.com") == [people[1].pk]

    def test_role(self, api, people):
        assert self.ids(api, role="affiliate") == [people[0].pk]
        assert self.ids(api, role="site_admin") == [people[0].pk]
        assert self.ids(api, role="admin") == []

    def test_external_source(self, api, people):
        assert self.ids(api, external_source="sso") == [people[1].pk]

    def test_custom_profile_field_needs_label_and_value(self, api, school, people):
        country = m.CustomProfileFieldDefinition.objects.create(school=school, label="Country")
        for user, value in zip(people, ("Canada", "Peru", "Canada"), strict=True):
            m.CustomProfileField.objects.create(
                school=school, user=user, definition=country, value=value
            )
        both = {"custom_profile_field_label": "Country", "custom_profile_field_value": "Canada"}
        assert self.ids(api, **both) == [people[0].pk, people[2].pk]
        assert len(self.ids(api, custom_profile_field_label="Country")) == 3

    def test_group(self, api, school, people):
        group = factories.group(school)
        m.GroupMembership.objects.create(group=group, user=people[2])
        assert self.ids(api, group_id=group.pk) == [people[2].pk]
        assert self.ids(api, group_id="x") == []

    def test_unknown_filters_are_ignored(self, api, people):
        assert len(self.ids(api, created_after="2020-01-01")) == 3
