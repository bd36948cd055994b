"""The enrollments and orders pages against the sandbox over real HTTP."""

import re

import pytest

from tests.users.sandbox import member_client, sandbox_school

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]
HTMX = {"HX-Request": "true"}
PERMISSIONS = (
    "view_enrollments",
    "add_enrollments",
    "change_enrollments",
    "view_orders",
    "view_users",
    "view_events",
)
SCHOOL = "/s/commerce-test"


@pytest.fixture
def manager_client(client, live_server, settings):
    settings.THINKIFIC_RATE_LIMIT = 100_000
    school = sandbox_school(live_server, subdomain="commerce-test", users=30)
    return member_client(client, school, *PERMISSIONS)


def _first(pattern: str, page: str) -> str:
    found = re.search(pattern, page)
    assert found, page[-3000:]
    return found.group(1)


def test_enroll_edit_expire_and_undo(manager_client):
    form = manager_client.get(f"{SCHOOL}/enrollments/new/").content.decode()
    course_id = _first(r'<option value="(\d+)">', form)
    users = manager_client.get(f"{SCHOOL}/users/?limit=1", headers=HTMX).content.decode()
    email = _first(r'<td class="wrap">([^<]+)</td>', users)
    search = manager_client.get(
        f"{SCHOOL}/enrollments/users/?user_email={email}", headers=HTMX
    ).content.decode()
    user_id = _first(r'name="user_id" value="(\d+)"', search)

    created = manager_client.post(
        f"{SCHOOL}/enrollments/new/",
        {
            "user_id": user_id,
            "course_id": course_id,
            "activated_at": "2026-01-05T09:00",
            "expiry_date": "2030-06-30T12:00",
        },
    )
    assert created.status_code == 302, created.content.decode()[-3000:]
    detail_url = created["Location"]
    detail = manager_client.get(detail_url).content.decode()
    assert email in detail and "2030" in detail and ">Active</span>" in detail

    enrollment_id = detail_url.rstrip("/").rsplit("/", 1)[1]
    edited = manager_client.post(
        f"{SCHOOL}/enrollments/{enrollment_id}/edit/",
        {"activated_at": "2026-01-05T09:00", "expiry_date": "2031-06-30T12:00"},
    )
    assert edited.status_code == 302, edited.content.decode()[-3000:]
    assert "2031" in manager_client.get(detail_url).content.decode()

    expired = manager_client.post(f"{SCHOOL}/enrollments/{enrollment_id}/expire/")
    assert expired.status_code == 302
    after = manager_client.get(detail_url).content.decode()
    assert ">Expired</span>" in after and "Undo" in after

    undone = manager_client.post(f"{SCHOOL}/enrollments/{enrollment_id}/undo-expire/")
    assert undone.status_code == 302
    back = manager_client.get(detail_url).content.decode()
    assert ">Active</span>" in back and "2031" in back

    listed = manager_client.get(
        f"{SCHOOL}/enrollments/?user_id={user_id}&course_id={course_id}", headers=HTMX
    ).content.decode()
    assert f"/enrollments/{enrollment_id}/" in listed and "<meter" in listed


def test_orders_list_and_detail(manager_client):
    listing = manager_client.get(f"{SCHOOL}/orders/?limit=50")
    assert listing.status_code == 200
    page = listing.content.decode()
    order_path = _first(r'href="(/s/commerce-test/orders/\d+/)', page)

    detail = manager_client.get(order_path)

    assert detail.status_code == 200, detail.content.decode()[-3000:]
    assert "Line items" in detail.content.decode() and "Buyer" in detail.content.decode()
