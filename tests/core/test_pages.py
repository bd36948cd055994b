"""Where the admin's save buttons go, and what the shared pages show, on the users pages."""

import pytest
from responses import matchers

from tests.conftest import grant, login_with
from tests.users.conftest import ALL, API, DEFINITIONS, page_json, user_json

DATA = {
    "first_name": "Grace",
    "last_name": "Hopper",
    "email": "grace@example.com",
    "custom_profile_field_8": "555",
}


@pytest.fixture
def manager_client(client, staff):
    return login_with(client, staff, *ALL)


@pytest.mark.parametrize(
    ("button", "location"),
    [
        ("_save", "/s/baking/users/9/?_changelist_filters=page%3D2"),
        ("_continue", "/s/baking/users/9/edit/?_changelist_filters=page%3D2"),
        ("_addanother", "/s/baking/users/new/?_changelist_filters=page%3D2"),
    ],
)
def test_each_save_button_goes_where_the_admins_does(manager_client, api, button, location):
    api.get(f"{API}/custom_profile_field_definitions", json=page_json(DEFINITIONS))
    api.post(f"{API}/users", status=201, json=user_json(id=9, first_name="Grace"))

    response = manager_client.post(
        "/s/baking/users/new/?_changelist_filters=page%3D2", {**DATA, button: "1"}
    )

    assert response.status_code == 302
    assert response["Location"] == location


def test_the_form_offers_the_three_buttons_and_cancel_back_to_the_list(manager_client, api):
    api.get(f"{API}/custom_profile_field_definitions", json=page_json(DEFINITIONS))

    page = manager_client.get("/s/baking/users/new/?_changelist_filters=q%3Dx").content.decode()

    for name in ("_save", "_continue", "_addanother"):
        assert f'name="{name}"' in page
    assert '<a class="button" href="/s/baking/users/?q=x">Cancel</a>' in page
    assert "<h1>Add a user</h1>" in page


def test_save_and_add_another_needs_the_add_permission(client, staff, api):
    client.force_login(grant(staff, "view_users", "change_users"))
    api.get(f"{API}/users/1", json=user_json())
    api.get(f"{API}/custom_profile_field_definitions", json=page_json(DEFINITIONS))

    page = client.get("/s/baking/users/1/edit/").content.decode()

    assert 'name="_continue"' in page and 'name="_addanother"' not in page


def test_the_edit_message_names_the_record_as_saved(manager_client, api):
    api.get(f"{API}/users/1", json=user_json())
    api.get(f"{API}/custom_profile_field_definitions", json=page_json(DEFINITIONS))
    api.put(
        f"{API}/users/1",
        status=204,
        match=[matchers.json_params_matcher({"first_name": "Augusta"}, strict_match=False)],
    )
    data = {**DATA, "first_name": "Augusta", "last_name": "Lovelace", "email": "ada@example.com"}
    data["roles"] = ["course_admin"]

    response = manager_client.post("/s/baking/users/1/edit/", data)

    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Saved the changes to Augusta Lovelace (ada@example.com)."]
