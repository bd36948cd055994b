"""The categories pages against the sandbox over real HTTP."""

import re

import pytest

from tests.users.sandbox import member_client, sandbox_school

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]
HTMX = {"HX-Request": "true"}
PERMISSIONS = ("view_categories", "add_categories", "change_categories", "delete_categories")
BASE = "/s/categories-test/categories"


@pytest.fixture
def manager_client(client, live_server, settings):
    settings.THINKIFIC_RATE_LIMIT = 100_000
    school = sandbox_school(live_server, subdomain="categories-test", users=10)
    return member_client(client, school, *PERMISSIONS)


def products_panel(client, category_id) -> str:
    return client.get(f"{BASE}/{category_id}/products/?limit=250", headers=HTMX).content.decode()


def test_create_add_two_products_remove_one_edit_and_delete(manager_client):
    listing = manager_client.get(f"{BASE}/").content.decode()
    default_id = re.search(r'categories/(\d+)/[^"]*">[^<]+</a> <span class="badge"', listing)[1]
    refused = manager_client.post(f"{BASE}/{default_id}/delete/", {"name": "All"})
    assert refused.status_code == 409

    data = {"name": "Live bakes", "description": "Made over HTTP.", "slug": "live-bakes"}
    created = manager_client.post(f"{BASE}/new/", data)
    assert created.status_code == 302, created.content.decode()[-3000:]
    category_id = created["Location"].rstrip("/").rsplit("/", 1)[1]
    assert "No products in this category yet." in products_panel(manager_client, category_id)

    form = manager_client.get(f"{BASE}/{category_id}/products/add/").content.decode()
    offered = re.findall(r'name="product_ids" value="(\d+)"[^>]*> ([^<]+)</label>', form)
    (first, first_name), (second, second_name) = offered[:2]
    added = manager_client.post(
        f"{BASE}/{category_id}/products/add/", {"product_ids": [first, second]}
    )
    assert added.status_code == 302, added.content.decode()[-3000:]
    panel = products_panel(manager_client, category_id)
    assert first_name in panel and second_name in panel
    assert 'Products <small class="muted">2</small>' in panel

    confirm = manager_client.get(f"{BASE}/{category_id}/products/{first}/remove/")
    assert f"Remove the product “{first_name}”" in confirm.content.decode()
    removed = manager_client.post(
        f"{BASE}/{category_id}/products/{first}/remove/", {"name": first_name}
    )
    assert removed.status_code == 302
    panel = products_panel(manager_client, category_id)
    assert first_name not in panel and second_name in panel

    edited = manager_client.post(
        f"{BASE}/{category_id}/edit/", {**data, "description": "Edited over HTTP."}
    )
    assert edited.status_code == 302, edited.content.decode()[-3000:]
    detail = manager_client.get(f"{BASE}/{category_id}/").content.decode()
    assert "Edited over HTTP." in detail and "live-bakes" in detail

    deleted = manager_client.post(f"{BASE}/{category_id}/delete/", {"name": "Live bakes"})
    assert deleted.status_code == 302
    assert manager_client.get(f"{BASE}/{category_id}/").status_code == 404
