"""Who may open the users pages: every page, as a whole page and as a fragment."""

import pytest

from tests.conftest import grant
from tests.users.conftest import ALL, HTMX

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
