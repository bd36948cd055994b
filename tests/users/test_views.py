import json
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from responses import matchers

from tests.conftest import grant
from tests.users.conftest import API, page_json, user_json

HTMX = {"HX-Request": "true"}
ALL = ("view_users", "add_users", "change_users", "delete_users")


@pytest.fixture
def manager(staff):
    return grant(staff, *ALL, "view_enrollments", "view_orders")


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def query_of(call):
    return dict(parse_qsl(urlsplit(call.request.url).query))


# -- permissions ---------------------------------------------------------------------------

PAGES = [
    ("get", "/s/baking/users/", "view_users"),
    ("get", "/s/baking/users/lookup/?external_id=x&provider=SSO", "view_users"),
    ("get", "/s/baking/users/1/", "view_users"),
    ("get", "/s/baking/users/new/", "add_users"),
    ("post", "/s/baking/users/new/", "add_users"),
    ("get", "/s/baking/users/1/edit/", "change_users"),
    ("post", "/s/baking/users/1/edit/", "change_users"),
    ("get", "/s/baking/users/1/delete/", "delete_users"),
    ("post", "/s/baking/users/1/delete/", "delete_users"),
    ("get", "/s/baking/users/1/enrollments/", "view_enrollments"),
    ("get", "/s/baking/users/1/orders/", "view_orders"),
]


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
@pytest.mark.parametrize(("method", "url", "permission"), PAGES)
def test_every_view_checks_its_permission(staff, client, api, method, url, permission, headers):
    # Everything but the one permission the page needs: 403, and Thinkific is never called.
    others = {"view_users", "view_enrollments", "view_orders", *ALL} - {permission}
    client.force_login(grant(staff, *others))

    response = getattr(client, method)(url, headers=headers)

    assert response.status_code == 403
    assert len(api.calls) == 0


def test_another_schools_users_are_not_found(manager_client, api):
    assert manager_client.get("/s/elsewhere/users/").status_code == 404


def test_login_is_needed(client, school):
    response = client.get("/s/baking/users/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# -- list ----------------------------------------------------------------------------------


def test_list_page_shows_users_with_filters_and_pagination(manager_client, lookups):
    lookups.get(f"{API}/users", json=page_json([user_json()], total=60, page=2, limit=25))

    response = manager_client.get("/s/baking/users/?page=2&role=course_admin&group_id=5")

    page = response.content.decode()
    assert response.status_code == 200
    users_call = next(c for c in lookups.calls if "/users?" in c.request.url)
    assert query_of(users_call) == {
        "page": "2",
        "limit": "25",
        "query[role]": "course_admin",
        "query[group_id]": "5",
    }
    assert "<html" in page and 'id="results"' in page
    assert "Ada Lovelace" in page and "Course admin" in page and "Analytical Engines" in page
    assert "1 Mar 2024" in page
    assert '<option value="5" selected>Night class</option>' in page
    assert '<option value="City">City</option>' in page
    assert "60 results · page 2 of 3" in page
    assert 'href="?page=3&amp;role=course_admin&amp;group_id=5"' in page
    # The list state travels to the detail page.
    state = quote("page=2&role=course_admin&group_id=5", safe="")
    assert f'href="/s/baking/users/1/?_changelist_filters={state}"' in page


def test_list_fragment_is_one_request_and_only_the_results(manager_client, api):
    api.get(
        f"{API}/users",
        match=[
            matchers.query_param_matcher({"page": "1", "limit": "100", "query[email]": "ada@x"})
        ],
        json=page_json([user_json()]),
    )

    response = manager_client.get("/s/baking/users/?email=ada@x&limit=100", headers=HTMX)

    page = response.content.decode()
    assert response.status_code == 200
    assert len(api.calls) == 1
    assert "<html" not in page and "<form" not in page
    assert "Ada Lovelace" in page
    assert 'hx-target="#results"' in page or "result" in page


def test_pages_vary_on_hx_request_so_back_never_shows_a_cached_fragment(manager_client, api):
    api.get(f"{API}/users", json=page_json([]))

    response = manager_client.get("/s/baking/users/?email=x", headers=HTMX)

    assert "HX-Request" in response["Vary"]


def test_list_explains_an_incomplete_profile_field_filter(manager_client, api):
    api.get(f"{API}/users", json=page_json([]))

    page = manager_client.get(
        "/s/baking/users/?custom_profile_field_label=City", headers=HTMX
    ).content.decode()

    assert query_of(api.calls[0]) == {"page": "1", "limit": "25"}
    assert "Pick a profile field and the value to look for." in page


def test_list_says_when_nothing_matches(manager_client, api):
    api.get(f"{API}/users", json=page_json([]))

    page = manager_client.get("/s/baking/users/?email=nobody@x", headers=HTMX).content.decode()

    assert "No users match these filters." in page


def test_list_hides_actions_the_user_may_not_take(staff, client, lookups):
    client.force_login(grant(staff, "view_users"))
    lookups.get(f"{API}/users", json=page_json([user_json()]))

    page = client.get("/s/baking/users/").content.decode()

    assert "Add a user" not in page
    assert "/s/baking/users/1/edit/" not in page
    assert "/s/baking/users/1/delete/" not in page


def test_list_upstream_failure_as_a_fragment_goes_into_the_error_box(manager_client, api, settings):
    settings.THINKIFIC_MAX_RETRY_WAIT = 0
    api.get(f"{API}/users", status=401, json={"error": "Authentication Error"})

    response = manager_client.get("/s/baking/users/?page=2", headers=HTMX)

    assert response.status_code == 502
    assert response["HX-Retarget"] == "#page-errors"
    assert "rejected the school&#x27;s credentials" in response.content.decode()


# -- lookup --------------------------------------------------------------------------------


def test_lookup_by_external_id_goes_to_the_user(manager_client, api):
    api.get(
        f"{API}/users/hr-9",
        match=[matchers.query_param_matcher({"provider": "SSO"})],
        json=user_json(id=44),
    )

    response = manager_client.get("/s/baking/users/lookup/?external_id=hr-9&provider=SSO")

    assert response.status_code == 302
    assert response["Location"] == "/s/baking/users/44/"


def test_lookup_of_an_unknown_external_id_says_so(manager_client, api):
    api.get(f"{API}/users/nobody", status=404, json={"error": "Record not found."})

    response = manager_client.get(
        "/s/baking/users/lookup/?external_id=nobody&provider=OPENID_CONNECT"
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Thinkific has no user with this OPENID_CONNECT ID." in page
    assert 'value="nobody"' in page


# -- detail and panels ---------------------------------------------------------------------


def test_detail_shows_every_field_and_lazy_panels(manager_client, api):
    api.get(
        f"{API}/users/1",
        json=user_json(
            roles=["affiliate", "site_admin"],
            affiliate_code="ADA10",
            affiliate_commission="15.00",
            affiliate_commission_type="%",
            affiliate_payout_email="pay@example.com",
            avatar_url="https://cdn.example.com/ada.png",
        ),
    )

    response = manager_client.get("/s/baking/users/1/?_changelist_filters=role%3Dsite_admin")

    page = response.content.decode()
    assert len(api.calls) == 1
    for text in (
        "Ada Lovelace",
        "ada@example.com",
        "Analytical Engines",
        "Mathematician",
        "Wrote the first program.",
        "Affiliate",
        "Site admin",
        "hr-import",
        "3, 4",
        "City",
        "London",
        "ADA10",
        "15.00 %",
        "pay@example.com",
        "https://cdn.example.com/ada.png",
    ):
        assert text in page, text
    assert 'hx-get="/s/baking/users/1/enrollments/" hx-trigger="load"' in page
    assert 'hx-get="/s/baking/users/1/orders/" hx-trigger="load"' in page
    assert 'href="/s/baking/users/?role=site_admin">Users</a>' in page
    assert 'href="/s/baking/users/1/edit/?_changelist_filters=role%3Dsite_admin"' in page


UNSAFE_URLS = [
    "javascript:alert(1)",
    " JavaScript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "//evil.example.com/x.png",
]


@pytest.mark.parametrize("avatar_url", UNSAFE_URLS)
def test_detail_never_links_an_avatar_url_that_is_not_http(manager_client, api, avatar_url):
    api.get(f"{API}/users/1", json=user_json(avatar_url=avatar_url))

    page = manager_client.get("/s/baking/users/1/").content.decode()

    assert '<img class="avatar"' not in page
    assert 'rel="noopener noreferrer"' not in page
    assert 'href="java' not in page.lower() and 'src="java' not in page.lower()
    assert 'href="data:' not in page and 'href="//evil' not in page


def test_detail_of_a_deleted_user_is_a_clear_404(manager_client, api):
    api.get(f"{API}/users/1", status=404, json={"error": "Record not found."})

    response = manager_client.get("/s/baking/users/1/")

    assert response.status_code == 404
    assert "Not found on Thinkific" in response.content.decode()


def test_detail_leaves_out_panels_without_their_permission(staff, client, api):
    client.force_login(grant(staff, "view_users"))
    api.get(f"{API}/users/1", json=user_json())

    page = client.get("/s/baking/users/1/").content.decode()

    assert "/enrollments/" not in page and "/orders/" not in page


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
def test_enrollments_panel(manager_client, api, headers):
    api.get(
        f"{API}/enrollments",
        match=[matchers.query_param_matcher({"page": "1", "limit": "25", "query[user_id]": "1"})],
        json=page_json(
            [
                {
                    "id": 1,
                    "course_name": "Bread",
                    "percentage_completed": "0.75",
                    "expiry_date": "2030-01-01T00:00:00Z",
                },
                {"id": 2, "course_name": "Cake", "percentage_completed": "1.0", "completed": True},
            ]
        ),
    )

    response = manager_client.get("/s/baking/users/1/enrollments/", headers=headers)

    page = response.content.decode()
    assert ("<html" in page) is (not headers)
    assert "Bread" in page and "75 %" in page and "1 Jan 2030" in page and "Active" in page
    assert "Cake" in page and "Completed" in page and "Never" in page


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
def test_orders_panel_reads_one_page_and_offers_the_next(manager_client, api, headers):
    orders = [
        {
            "id": 70,
            "user_id": 1,
            "product_name": "Bread",
            "amount_dollars": "20.0",
            "status": "complete",
        }
    ]
    orders += [{"id": n, "user_id": 2} for n in range(71, 80)]
    api.get(
        f"{API}/orders",
        match=[matchers.query_param_matcher({"page": "1", "limit": "250"})],
        json=page_json(orders, total=600, limit=250),
    )

    response = manager_client.get("/s/baking/users/1/orders/", headers=headers)

    page = response.content.decode()
    assert len(api.calls) == 1
    assert ("<html" in page) is (not headers)
    assert "#70" in page and "Bread" in page and "$20.0" in page
    assert "#71" not in page
    assert "orders 1\u201310 of 600 read, 1 by this user" in page
    assert 'href="/s/baking/users/1/orders/?page=2"' in page


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


# -- delete --------------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
def test_delete_asks_for_confirmation_naming_the_user(manager_client, api, headers):
    api.get(f"{API}/users/1", json=user_json())

    response = manager_client.get("/s/baking/users/1/delete/", headers=headers)

    page = response.content.decode()
    assert ("<html" in page) is (not headers)
    assert "Delete the user “Ada Lovelace”?" in page
    assert "ada@example.com" in page
    assert 'name="name" value="Ada Lovelace"' in page
    assert len([c for c in api.calls if c.request.method != "GET"]) == 0


def test_delete_deletes_and_returns_to_the_list_as_it_was(manager_client, api):
    api.delete(f"{API}/users/1", status=204)

    response = manager_client.post(
        "/s/baking/users/1/delete/?_changelist_filters=role%3Daffiliate%26page%3D2",
        {"name": "Ada Lovelace"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/s/baking/users/?role=affiliate&page=2"
    assert api.calls[0].request.method == "DELETE"


def test_delete_over_htmx_answers_a_client_redirect_with_the_message(manager_client, api):
    api.delete(f"{API}/users/1", status=204)

    response = manager_client.post(
        "/s/baking/users/1/delete/", {"name": "Ada Lovelace"}, headers=HTMX
    )

    assert response["HX-Redirect"] == "/s/baking/users/"
    # htmx then loads the list as a whole page, where the message shows.
    api.get(f"{API}/users", json=page_json([]))
    api.get(f"{API}/custom_profile_field_definitions", json=page_json([]))
    api.get(f"{API}/groups", json=page_json([]))
    page = manager_client.get(response["HX-Redirect"]).content.decode()
    assert "Deleted the user Ada Lovelace." in page


def test_delete_of_an_already_deleted_user_says_so(manager_client, api):
    api.delete(f"{API}/users/1", status=404, json={"error": "Record not found."})

    response = manager_client.post("/s/baking/users/1/delete/", {"name": "Ada"}, headers=HTMX)

    assert response.status_code == 404
    assert response["HX-Retarget"] == "#page-errors"
