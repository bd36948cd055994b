"""The users pages against the sandbox over real HTTP."""

import re

import pytest

from tests.users.sandbox import member_client, sandbox_school

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]
HTMX = {"HX-Request": "true"}
PERMISSIONS = (
    "view_users",
    "add_users",
    "change_users",
    "delete_users",
    "view_enrollments",
    "view_orders",
)


@pytest.fixture
def school(live_server, settings):
    settings.THINKIFIC_RATE_LIMIT = 100_000
    return sandbox_school(live_server, subdomain="users-test", users=60)


@pytest.fixture
def manager_client(client, school):
    return member_client(client, school, *PERMISSIONS)


def total_of(page: str) -> int:
    return int(re.search(r"(\d+) results?", page).group(1))


def test_list_pages_and_filters(manager_client):
    first = manager_client.get("/s/users-test/users/?limit=25")
    page = first.content.decode()
    assert first.status_code == 200, page
    total = total_of(page)
    assert total >= 60
    assert page.count("<tr>") - 1 == 25  # header row + 25 users

    last_page = -(-total // 25)
    tail = manager_client.get(f"/s/users-test/users/?limit=25&page={last_page}", headers=HTMX)
    assert tail.content.decode().count("<tr>") - 1 == total - 25 * (last_page - 1)

    admins = manager_client.get("/s/users-test/users/?role=site_admin", headers=HTMX)
    assert "Site admin" in admins.content.decode()
    assert total_of(admins.content.decode()) < total


def test_create_find_edit_and_delete_a_user(manager_client):
    data = {
        "first_name": "Grace",
        "last_name": "Hopper",
        "email": "grace.hopper@example.com",
        "password": "cobol-1959",
        "roles": ["affiliate", "course_admin"],
        "affiliate_commission": "12.5",
        "affiliate_commission_type": "%",
        "affiliate_payout_email": "pay@example.com",
        "affiliate_code": "GRACE",
        "company": "US Navy",
        "external_id": "hr-grace",
        "provider": "SSO",
    }
    definitions = manager_client.get("/s/users-test/users/new/").context["form"].definitions
    for definition in definitions:
        data[f"custom_profile_field_{definition.id}"] = f"{definition.label} answer"

    created = manager_client.post("/s/users-test/users/new/", data)
    assert created.status_code == 302, created.content.decode()[-3000:]
    detail_url = created["Location"]
    user_id = int(detail_url.rstrip("/").rsplit("/", 1)[1])

    detail = manager_client.get(detail_url).content.decode()
    for text in ("Grace Hopper", "grace.hopper@example.com", "US Navy", "Course admin", "GRACE"):
        assert text in detail, text

    found = manager_client.get(
        "/s/users-test/users/?email=grace.hopper%40example.com", headers=HTMX
    ).content.decode()
    assert total_of(found) == 1 and "Grace Hopper" in found

    by_external_id = manager_client.get(
        "/s/users-test/users/lookup/?external_id=hr-grace&provider=SSO"
    )
    assert by_external_id["Location"] == detail_url

    taken = manager_client.post("/s/users-test/users/new/", data, headers=HTMX).content.decode()
    assert "Email has already been taken" in taken
    assert 'value="Grace"' in taken

    edit = {**data, "company": "Yale", "roles": ["course_admin"]}
    edited = manager_client.post(f"/s/users-test/users/{user_id}/edit/", edit)
    assert edited.status_code == 302, edited.content.decode()[-3000:]
    detail = manager_client.get(detail_url).content.decode()
    assert "Yale" in detail
    assert '<span class="badge">Affiliate</span>' not in detail

    enrollments = manager_client.get(f"{detail_url}enrollments/", headers=HTMX)
    assert "Not enrolled in any course." in enrollments.content.decode()

    deleted = manager_client.post(f"/s/users-test/users/{user_id}/delete/", {"name": "Grace"})
    assert deleted.status_code == 302
    assert manager_client.get(detail_url).status_code == 404


def test_detail_panels_of_a_seeded_user(manager_client):
    page = manager_client.get("/s/users-test/users/?limit=250", headers=HTMX).content.decode()
    ids = [int(i) for i in re.findall(r'href="/s/users-test/users/(\d+)/\?', page)]
    assert ids
    enrolled = None
    for user_id in ids[:40]:
        panel = manager_client.get(f"/s/users-test/users/{user_id}/enrollments/", headers=HTMX)
        if "Not enrolled" not in panel.content.decode():
            enrolled = panel.content.decode()
            break
    assert enrolled is not None
    assert "%" in enrolled
    orders = manager_client.get(f"/s/users-test/users/{ids[0]}/orders/", headers=HTMX)
    assert orders.status_code == 200
    assert "read," in orders.content.decode()
