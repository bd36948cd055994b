"""A user's page with its panels, and deleting a user."""

import pytest
from responses import matchers

from apps.thinkific.resources.users import User
from apps.users.templatetags.user_display import commission
from tests.conftest import grant
from tests.users.conftest import API, HTMX, page_json, user_json

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
        "15%",
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
    assert "Bread" in page and "75%" in page and "Jan 1, 2030" in page and "Active" in page
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


@pytest.mark.parametrize(
    ("kind", "amount", "shown"),
    [
        ("%", "15.00", "15%"),
        ("%", "12.25", "12.25%"),  # as set: Thinkific pays 12.25%, not 12.3%
        ("$", "15.0", "$15.00 per sale"),
        ("%", None, "—"),
    ],
)
def test_a_commission_reads_as_set(kind, amount, shown):
    person = User.from_api(user_json(affiliate_commission=amount, affiliate_commission_type=kind))
    assert commission(person) == shown
