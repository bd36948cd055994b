"""The user's panels name courses and products: linked to their pages for those who may see them."""

import pytest

from tests.conftest import grant
from tests.users.conftest import API, HTMX, page_json

ENROLLMENT = {"id": 1, "course_id": 7, "course_name": "Bread", "percentage_completed": "0.5"}
ORDER = {"id": 70, "user_id": 1, "product_id": 71, "product_name": "Bread", "amount_dollars": "20"}


@pytest.mark.parametrize(("may_see", "linked"), [(True, True), (False, False)])
def test_an_enrollments_course_links_to_its_page(staff, client, api, may_see, linked):
    extra = ("view_courses",) if may_see else ()
    client.force_login(grant(staff, "view_users", "view_enrollments", *extra))
    api.get(f"{API}/enrollments", json=page_json([ENROLLMENT]))

    page = client.get("/s/baking/users/1/enrollments/", headers=HTMX).content.decode()

    assert "Bread" in page
    assert ('<a href="/s/baking/courses/7/">Bread</a>' in page) is linked


@pytest.mark.parametrize(("may_see", "linked"), [(True, True), (False, False)])
def test_an_orders_product_links_to_its_page(staff, client, api, may_see, linked):
    extra = ("view_products",) if may_see else ()
    client.force_login(grant(staff, "view_users", "view_orders", *extra))
    api.get(f"{API}/orders", json=page_json([ORDER]))

    page = client.get("/s/baking/users/1/orders/", headers=HTMX).content.decode()

    assert "Bread" in page
    assert ('<a href="/s/baking/products/71/">Bread</a>' in page) is linked
