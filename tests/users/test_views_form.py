"""Creating and editing a user: what is sent, and what a failed save answers."""

import json

import pytest
from responses import matchers

from apps.history.models import Entry
from tests.users.conftest import API, HTMX, user_json

# -- create --------------------------------------------------------------------------------

CREATE = {
    "first_name": "Grace",
    "last_name": "Hopper",
    "email": "grace@example.com",
    "password": "cobol-1959",
    "roles": ["affiliate", "course_admin"],
    "affiliate_commission": "12.5",
    "affiliate_commission_type": "%",
    "affiliate_payout_email": "pay@example.com",
    "affiliate_code": "GRACE",
    "company": "Navy",
    "custom_profile_field_8": "555-0100",
    "send_welcome_email": "on",
    "external_id": "hr-77",
    "provider": "OPENID_CONNECT",
}


def test_create_form_has_one_input_per_profile_field(manager_client, definitions):
    page = manager_client.get("/s/baking/users/new/").content.decode()

    assert 'name="custom_profile_field_7"' in page
    assert 'class="field required">\n  \n    <label for="id_custom_profile_field_8">Phone' in page
    assert 'name="send_welcome_email"' in page and 'name="external_id"' in page


def test_create_posts_the_user_and_redirects_with_a_message(manager_client, definitions):
    definitions.post(
        f"{API}/users",
        status=201,
        json=user_json(id=77, full_name="Grace Hopper", email="grace@example.com"),
    )

    response = manager_client.post("/s/baking/users/new/", CREATE, follow=False)

    assert response.status_code == 302
    assert response["Location"] == "/s/baking/users/77/"
    body = json.loads(definitions.calls[-1].request.body)
    assert body == {
        "first_name": "Grace",
        "last_name": "Hopper",
        "email": "grace@example.com",
        "password": "cobol-1959",
        "roles": ["affiliate", "course_admin"],
        "affiliate_commission": 12.5,
        "affiliate_commission_type": "%",
        "affiliate_payout_email": "pay@example.com",
        "affiliate_code": "GRACE",
        "company": "Navy",
        "custom_profile_fields": [{"custom_profile_field_definition_id": 8, "value": "555-0100"}],
        "send_welcome_email": True,
        "external_id": "hr-77",
        "provider": "OPENID_CONNECT",
    }
    definitions.get(f"{API}/users/77", json=user_json(id=77, full_name="Grace Hopper"))
    page = manager_client.get(response["Location"]).content.decode()
    assert "Created the user Grace Hopper (grace@example.com)." in page


def test_create_over_htmx_answers_a_client_redirect(manager_client, definitions):
    definitions.post(f"{API}/users", status=201, json=user_json(id=77))

    response = manager_client.post(
        "/s/baking/users/new/?_changelist_filters=page%3D2", CREATE, headers=HTMX
    )

    assert response.status_code == 200
    assert response["HX-Redirect"] == "/s/baking/users/77/?_changelist_filters=page%3D2"


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
def test_create_puts_thinkifics_errors_beside_the_fields_and_keeps_the_input(
    manager_client, definitions, headers
):
    definitions.post(
        f"{API}/users",
        status=422,
        json={"errors": {"email": ["has already been taken"], "base": ["Seats are full"]}},
    )

    response = manager_client.post("/s/baking/users/new/", CREATE, headers=headers)

    page = response.content.decode()
    assert response.status_code == 422
    assert ("<html" in page) is (not headers)
    assert page.lstrip().startswith("<form") is bool(headers)
    assert "Email has already been taken" in page
    assert "Seats are full" in page
    for value in (
        "Grace",
        "grace@example.com",
        "12.5",
        "pay@example.com",
        "GRACE",
        "555-0100",
        "hr-77",
    ):
        assert f'value="{value}"' in page, value
    assert 'value="affiliate" id="id_roles_0" checked' in page
    assert 'value="OPENID_CONNECT" selected' in page


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
def test_create_keeps_the_input_when_thinkific_fails_otherwise(
    manager_client, definitions, headers, settings
):
    settings.THINKIFIC_MAX_RETRY_WAIT = 0
    definitions.post(f"{API}/users", status=503, body="Service Unavailable")

    response = manager_client.post("/s/baking/users/new/", CREATE, headers=headers)

    page = response.content.decode()
    assert response.status_code == 502
    assert "Thinkific did not save the user." in page
    assert "Thinkific answered with an error." in page
    assert 'value="grace@example.com"' in page
    assert page.lstrip().startswith("<form") is bool(headers)
    # A write that may have reached Thinkific is never repeated.
    assert [c.request.method for c in definitions.calls].count("POST") == 1


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
def test_create_checks_locally_before_calling_thinkific(manager_client, definitions, headers):
    data = {**CREATE, "email": "grace@", "password": "123", "affiliate_commission": "150"}

    response = manager_client.post("/s/baking/users/new/", data, headers=headers)

    page = response.content.decode()
    assert response.status_code == 422
    assert page.lstrip().startswith("<form") is bool(headers)
    assert not any(call.request.method == "POST" for call in definitions.calls)
    assert "Enter a valid email address." in page
    assert "at least 6 characters" in page
    assert "A percentage is more than 0 and at most 100." in page


SECRET = "s3cret-Pa55word"
NOTE = "For safety the password is not shown again: type it again."


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (None, None, 422),  # caught here: the commission is out of range
        (422, {"errors": {"email": ["has already been taken"]}}, 422),
        (503, None, 502),
    ],
    ids=["local", "thinkific-422", "thinkific-down"],
)
def test_create_never_sends_the_password_back(
    manager_client, definitions, settings, headers, status, body, expected
):
    settings.THINKIFIC_MAX_RETRY_WAIT = 0
    data = {**CREATE, "password": SECRET}
    if status is None:
        data["affiliate_commission"] = "150"
    else:
        definitions.post(f"{API}/users", status=status, json=body)

    response = manager_client.post("/s/baking/users/new/", data, headers=headers)

    page = response.content.decode()
    assert response.status_code == expected
    assert SECRET not in page
    assert 'name="password"' in page and 'value="grace@example.com"' in page
    assert NOTE in page


def test_edit_never_sends_the_password_back(manager_client, definitions):
    definitions.get(f"{API}/users/1", json=user_json())
    definitions.put(f"{API}/users/1", status=422, json={"errors": {"password": ["is too weak"]}})
    data = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": "ada@example.com",
        "custom_profile_field_8": "1",
        "password": SECRET,
    }

    response = manager_client.post("/s/baking/users/1/edit/", data)

    page = response.content.decode()
    assert response.status_code == 422
    assert SECRET not in page
    assert "Password is too weak" in page and NOTE in page


def test_a_failed_save_without_a_password_asks_for_none(manager_client, definitions):
    data = {**CREATE, "password": "", "affiliate_commission": "150"}

    page = manager_client.post("/s/baking/users/new/", data).content.decode()

    assert "A percentage is more than 0 and at most 100." in page
    assert NOTE not in page


@pytest.mark.parametrize("url", ["/s/baking/users/new/", "/s/baking/users/1/edit/"])
def test_error_reports_leave_out_the_password(manager_client, definitions, url):
    definitions.get(f"{API}/users/1", json=user_json())
    definitions.assert_all_requests_are_fired = False

    response = manager_client.post(url, {"password": SECRET})

    assert response.wsgi_request.sensitive_post_parameters == ("password",)


# -- edit ----------------------------------------------------------------------------------


def test_edit_form_starts_from_the_user(manager_client, definitions):
    definitions.get(f"{API}/users/1", json=user_json())

    page = manager_client.get("/s/baking/users/1/edit/").content.decode()

    assert 'value="Ada"' in page and 'value="London"' in page
    assert 'value="course_admin" id="id_roles_1" checked' in page
    assert 'name="send_welcome_email"' not in page and 'name="external_id"' not in page


def test_edit_sends_only_the_changes(manager_client, definitions):
    definitions.get(f"{API}/users/1", json=user_json())
    definitions.put(
        f"{API}/users/1",
        status=204,
        match=[
            matchers.json_params_matcher(
                {
                    "headline": "Countess",
                    "roles": ["course_admin", "site_admin"],
                    # The required Phone had no answer yet; City is unchanged, so not sent.
                    "custom_profile_fields": [
                        {"custom_profile_field_definition_id": 8, "value": "555"}
                    ],
                }
            )
        ],
    )
    data = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": "ada@example.com",
        "roles": ["course_admin", "site_admin"],
        "company": "Analytical Engines",
        "headline": "Countess",
        "bio": "Wrote the first program.",
        "affiliate_commission_type": "%",
        "custom_profile_field_7": "London",
        "custom_profile_field_8": "555",
    }

    response = manager_client.post("/s/baking/users/1/edit/?_changelist_filters=page%3D3", data)

    assert response.status_code == 302
    assert response["Location"] == "/s/baking/users/1/?_changelist_filters=page%3D3"


def test_edit_maps_a_422_onto_the_form(manager_client, definitions):
    definitions.get(f"{API}/users/1", json=user_json())
    definitions.put(
        f"{API}/users/1", status=422, json={"errors": {"first_name": ["can't be blank"]}}
    )
    data = {
        "first_name": "X",
        "last_name": "Lovelace",
        "email": "ada@example.com",
        "custom_profile_field_8": "1",
    }

    response = manager_client.post("/s/baking/users/1/edit/", data, headers=HTMX)

    page = response.content.decode()
    assert response.status_code == 422
    assert page.lstrip().startswith("<form")
    assert "First name can&#x27;t be blank" in page
    assert 'value="X"' in page


# -- what only a create takes ------------------------------------------------------------


def test_the_user_page_and_edit_form_show_what_the_portal_created_them_with(
    manager_client, definitions
):
    definitions.post(f"{API}/users", status=201, json=user_json(id=77, email="grace@example.com"))
    manager_client.post("/s/baking/users/new/", CREATE)
    definitions.get(f"{API}/users/77", json=user_json(id=77))  # none of the three in it
    definitions.get(f"{API}/users/77", json=user_json(id=77))
    created = Entry.objects.get(action="create")

    detail = manager_client.get("/s/baking/users/77/").content.decode()
    edit = manager_client.get("/s/baking/users/77/edit/").content.decode()

    when = f'<time datetime="{created.at.isoformat()}">'
    for page in (detail, edit):
        assert "<dt>External ID</dt><dd>hr-77</dd>" in page
        assert "<dt>Provider</dt><dd>OpenID Connect</dd>" in page
        assert "<dt>Welcome email</dt><dd>Sent when created</dd>" in page
        assert f"As set from this portal on {when}" in page
    assert "Thinkific's update does not accept an external ID" in edit
    assert 'name="external_id"' not in edit and 'name="send_welcome_email"' not in edit


def test_a_user_created_without_them_shows_none_and_one_created_elsewhere_not_known(
    manager_client, definitions
):
    plain = {k: v for k, v in CREATE.items() if k not in ("external_id", "send_welcome_email")}
    definitions.post(f"{API}/users", status=201, json=user_json(id=78))
    manager_client.post("/s/baking/users/new/", plain)
    definitions.get(f"{API}/users/78", json=user_json(id=78))
    definitions.get(f"{API}/users/79", json=user_json(id=79))

    ours = manager_client.get("/s/baking/users/78/").content.decode()
    elsewhere = manager_client.get("/s/baking/users/79/edit/").content.decode()

    assert "<dt>External ID</dt><dd>None</dd>" in ours
    assert "<dt>Provider</dt><dd>—</dd>" in ours
    assert "<dt>Welcome email</dt><dd>Not sent</dd>" in ours
    assert "Not known: Thinkific's user record does not return the external ID" in elsewhere
    assert "<dt>External ID</dt>" not in elsewhere


def test_an_edit_never_sends_what_only_a_create_takes(manager_client, definitions):
    definitions.get(f"{API}/users/1", json=user_json())
    definitions.put(
        f"{API}/users/1",
        status=204,
        match=[
            matchers.json_params_matcher(
                {
                    "first_name": "Augusta",
                    "custom_profile_fields": [
                        {"custom_profile_field_definition_id": 8, "value": "555"}
                    ],
                }
            )
        ],
    )
    data = {
        "first_name": "Augusta",
        "last_name": "Lovelace",
        "email": "ada@example.com",
        "roles": ["course_admin"],
        "company": "Analytical Engines",
        "headline": "Mathematician",
        "bio": "Wrote the first program.",
        "custom_profile_field_7": "London",
        "custom_profile_field_8": "555",
        "external_id": "forged",
        "provider": "SSO",
        "send_welcome_email": "on",
    }

    response = manager_client.post("/s/baking/users/1/edit/", data)

    assert response.status_code == 302
