"""Ids Thinkific's contract allows (its ids are any "number") that no portal URL takes: the
record is shown, without a link to it, and a write answered with one lands on the list
with its message, not on a 500 for a write that was done."""

import re

import pytest
from django.contrib.messages import get_messages
from django.template import Context, Template

from apps.core.links import link, linkable
from apps.thinkific.records import to_id
from tests.conftest import login_with
from tests.coupons.conftest import coupon_json
from tests.enrollments.conftest import enrollment_json
from tests.orders.conftest import order_json
from tests.promotions.conftest import PRODUCTS, promotion_json
from tests.users.conftest import DEFINITIONS, GROUPS, page_json, user_json

API = "https://api.thinkific.com/api/public/v1"
HTMX = {"HX-Request": "true"}
# As Thinkific may send them: below zero, past 64 bits, fractional.
ODD = [-1, -(2**63), 2**63, 2**64, 1e20, 2.5]


def ids_linked(page: str, prefix: str) -> set[str]:
    """The record ids the page links to under /s/baking/<prefix>/."""
    return set(re.findall(rf'href="/s/baking/{prefix}/([^/"?]+)/', page)) - {"new", "by-coupon"}


def test_only_ids_a_url_takes_are_linked():
    assert link("users:detail", "baking", 0) == "/s/baking/users/0/"
    assert link("users:detail", "baking", 2**63 - 1) == f"/s/baking/users/{2**63 - 1}/"
    assert linkable(0) and linkable(2**63 - 1)
    for odd in (-1, 2**63, 2.5, 7.0, None, True, "7"):
        assert not linkable(odd), odd
    for odd in (-1, 2**63, 2.5, None, True):
        assert link("users:detail", "baking", odd) == "", odd
    assert link("not_installed:detail", "baking", 1) == ""
    shown = Template(
        "{% load portal %}{% if a|linkable %}a{% endif %}{% if b|linkable %}b{% endif %}"
    )
    assert shown.render(Context({"a": 7, "b": -7})) == "a"


def test_a_fractional_id_names_no_record_rather_than_another_one():
    assert to_id(7) == 7 and to_id(7.0) == 7 and to_id("7") == 7 and to_id("7.00") == 7
    assert to_id(2.5) is None and to_id("0.5") is None and to_id(float("nan")) is None
    record = promotion_json(id=2.5, coupon_ids=[31.0, 1.5])
    from apps.thinkific.resources.promotions import Promotion

    promotion = Promotion.from_api(record)
    assert promotion.id is None and promotion.coupon_ids == (31,)
    assert promotion.amount is not None  # other numbers keep their fractions


@pytest.mark.parametrize("odd", ODD)
def test_a_list_shows_a_record_whose_id_has_no_page(client, staff, api, odd):
    login_with(client, staff, "view_promotions", "change_promotions", "delete_promotions")
    api.get(f"{API}/products", json=page_json(PRODUCTS))
    rows = [promotion_json(id=odd, name="Odd one"), promotion_json(id=7, name="Fine one")]
    api.get(f"{API}/promotions", json=page_json(rows))

    page = client.get("/s/baking/promotions/").content.decode()

    assert "Odd one" in page and "Fine one" in page
    assert ids_linked(page, "promotions") == {"7"}  # its page, Edit and Delete: the fine one's
    assert "/s/baking/promotions/7/edit/" in page


@pytest.mark.parametrize("odd", ODD)
def test_the_users_list_shows_a_user_whose_id_has_no_page(client, staff, api, odd):
    login_with(client, staff, "view_users", "change_users", "delete_users")
    api.get(f"{API}/custom_profile_field_definitions", json=page_json(DEFINITIONS))
    api.get(f"{API}/groups", json=page_json(GROUPS))
    people = [user_json(id=odd, full_name="Odd Person"), user_json(id=8, full_name="Fine Person")]
    api.get(f"{API}/users", json=page_json(people))

    page = client.get("/s/baking/users/").content.decode()

    assert "Odd Person" in page and "Fine Person" in page
    assert ids_linked(page, "users") == {"8"}
    # Each row keeps its actions cell, empty for the odd one: the columns stay aligned.
    assert page.count('<td class="row-actions">') == 2


@pytest.mark.parametrize("odd", ODD)
def test_detail_pages_name_a_related_record_without_a_link(client, staff, api, odd):
    login_with(client, staff, "view_orders", "view_enrollments", "view_users")
    order = order_json(user_id=odd, coupon_id=None, coupon_code=None, product_id=None, items=[])
    api.get(f"{API}/orders/1001", json=order)
    api.get(f"{API}/enrollments/55", json=enrollment_json(user_id=odd))

    for url in ("/s/baking/orders/1001/", "/s/baking/enrollments/55/"):
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 200, url
        assert "Ada Lovelace" in page and ids_linked(page, "users") == set(), url


@pytest.mark.parametrize("odd", ODD)
@pytest.mark.parametrize("button", ["_save", "_continue"])
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
def test_a_create_answered_with_an_id_without_a_page_lands_on_the_list(
    client, staff, api, odd, button, headers
):
    login_with(client, staff, "view_users", "add_users", "change_users")
    api.get(f"{API}/custom_profile_field_definitions", json=page_json(DEFINITIONS))
    api.post(f"{API}/users", status=201, json=user_json(id=odd, full_name="Grace Hopper"))
    data = {"first_name": "Grace", "last_name": "Hopper", "email": "g@example.com", button: "1"}
    data["custom_profile_field_8"] = "555-0100"  # a field the school requires

    response = client.post(
        "/s/baking/users/new/?_changelist_filters=page%3D2", data, headers=headers
    )

    target = "/s/baking/users/?page=2"
    assert (response.get("HX-Redirect") or response["Location"]) == target
    said = [str(message) for message in get_messages(response.wsgi_request)]
    assert said[0].startswith("Created the user Grace Hopper")
    assert said[1].startswith("Thinkific gave it the id") and "has no page here" in said[1]


def test_a_nested_create_answered_with_such_an_id_lands_on_its_parents_list(client, staff, api):
    login_with(client, staff, "view_coupons", "add_coupons")
    api.get(f"{API}/promotions/5", json=promotion_json())
    api.post(f"{API}/coupons", status=201, json=coupon_json(id=-40, code="ODD"))

    response = client.post("/s/baking/promotions/5/coupons/new/", {"code": "ODD"})

    assert response.status_code == 302
    assert response["Location"] == "/s/baking/promotions/5/coupons/"


def test_a_lookup_finding_a_user_without_a_page_says_so(client, staff, api):
    login_with(client, staff, "view_users")
    api.get(f"{API}/users/hr-9", json=user_json(id=-9, full_name="Odd Person"))

    response = client.get("/s/baking/users/lookup/", {"external_id": "hr-9", "provider": "SSO"})

    assert response.status_code == 200
    assert "Odd Person has the id -9, which has no page here." in response.content.decode()
