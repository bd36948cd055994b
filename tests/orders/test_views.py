import pytest
from django.apps import apps
from responses import matchers

from tests.conftest import grant
from tests.orders.conftest import API, order_json, product_json
from tests.resource_cases import ResourceViewCases
from tests.users.conftest import page_json

HTMX = {"HX-Request": "true"}


class TestOrderViews(ResourceViewCases):
    resource = "orders"
    record_ids = ("1001",)


@pytest.mark.parametrize("path", ["orders/new/", "orders/1001/edit/", "orders/1001/delete/"])
def test_orders_have_no_write_pages(viewer, api, path):
    assert viewer.get(f"/s/baking/{path}").status_code == 404


def test_list_says_there_are_no_filters_and_pages(viewer, api, tokyo):
    api.get(
        f"{API}/orders",
        match=[matchers.query_param_matcher({"page": "2", "limit": "50"})],
        json=page_json([order_json()], page=2, total=60, limit=50),
    )

    page = viewer.get("/s/baking/orders/?page=2&limit=50").content.decode()

    assert "orders endpoint takes no filters" in page
    assert 'name="email"' not in page and '<option value="50" selected>50</option>' in page
    assert "#1001" in page and "Ada Lovelace" in page and "$29.00" in page and "SPRING" in page
    assert "60 results · page 2 of 2" in page
    # 23:30 UTC on 4 March is 08:30 on 5 March in Tokyo.
    assert "Mar 5, 2026, 08:30" in page


def test_list_fragment_is_the_results_alone(viewer, api):
    api.get(f"{API}/orders", json=page_json([order_json()]))

    fragment = viewer.get("/s/baking/orders/", headers=HTMX).content.decode()

    assert "<html" not in fragment and "<form" not in fragment and "#1001" in fragment


def test_detail_links_buyer_product_coupon_and_promotion(viewer, api, tokyo):
    api.get(f"{API}/orders/1001", json=order_json())
    api.get(f"{API}/coupons/70", json={"id": 70, "code": "SPRING", "promotion_id": 8})
    api.get(f"{API}/products/5", json=product_json())

    page = viewer.get("/s/baking/orders/1001/").content.decode()

    assert 'href="/s/baking/users/1/">Ada Lovelace</a>' in page
    assert "CA$29.00" in page and "One-time" in page and "Complete" in page
    assert "PAULREF" in page and "Line items" in page
    assert "Mar 5, 2026, 08:30" in page
    # Pages of products and promotions are linked once they exist in the portal.
    for name, url in (
        ("products", "/s/baking/products/5/"),
        ("promotions", "/s/baking/promotions/8/"),
        ("coupons", "/s/baking/promotions/8/coupons/70/"),
    ):
        installed = apps.is_installed(f"apps.{name}")
        assert (f'href="{url}"' in page) is installed, name


def test_detail_of_a_subscription_without_coupon_or_product(viewer, api):
    order = order_json(
        coupon_id=None,
        coupon_code=None,
        product_id=None,
        subscription=True,
        items=[],
        affiliate_referral_code=None,
    )
    api.get(f"{API}/orders/1001", json=order)

    page = viewer.get("/s/baking/orders/1001/").content.decode()

    assert "Subscription" in page and "$29.00" in page and "No line items." in page
    assert len(api.calls) == 1


def test_detail_survives_a_deleted_coupon_and_product(viewer, api):
    api.get(f"{API}/orders/1001", json=order_json())
    api.get(f"{API}/coupons/70", status=404, json={"error": "Not found"})
    api.get(f"{API}/products/5", status=404, json={"error": "Not found"})

    response = viewer.get("/s/baking/orders/1001/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "SPRING" in page and "(no longer in the school)" in page and "$29.00" in page


def test_a_superuser_sees_an_order_with_no_write_links(client, staff, api):
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    api.get(f"{API}/orders/1001", json=order_json(coupon_id=None, product_id=None))

    response = client.get("/s/baking/orders/1001/")

    assert response.status_code == 200  # no link to an edit page that is not there
    assert "/orders/1001/edit/" not in response.text


def test_list_links_buyer_and_product_for_those_who_may_see_them(client, staff, api):
    client.force_login(grant(staff, "view_orders", "view_users", "view_products"))
    api.get(f"{API}/orders", json=page_json([order_json()]))

    page = client.get("/s/baking/orders/").content.decode()

    assert '<a href="/s/baking/users/1/">Ada Lovelace</a>' in page
    linked = '<a href="/s/baking/products/5/">Sourdough Basics</a>' in page
    assert linked is apps.is_installed("apps.products")


def test_list_leaves_buyer_and_product_plain_without_the_permissions(client, staff, api):
    client.force_login(grant(staff, "view_orders"))
    api.get(f"{API}/orders", json=page_json([order_json()]))

    page = client.get("/s/baking/orders/").content.decode()

    assert "Ada Lovelace" in page and "Sourdough Basics" in page
    assert "/s/baking/users/1/" not in page and "/s/baking/products/5/" not in page
