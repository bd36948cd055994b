"""The instructors pages against the sandbox over real HTTP."""

import re

import pytest

from tests.users.sandbox import member_client, sandbox_school

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]
HTMX = {"HX-Request": "true"}
PERMISSIONS = (
    "view_instructors",
    "add_instructors",
    "change_instructors",
    "delete_instructors",
    "view_users",
)


@pytest.fixture
def manager_client(client, live_server, settings):
    settings.THINKIFIC_RATE_LIMIT = 100_000
    school = sandbox_school(live_server, subdomain="instructors-test", users=40)
    return member_client(client, school, *PERMISSIONS)


def test_list_create_pick_a_user_edit_and_delete(manager_client):
    listing = manager_client.get("/s/instructors-test/instructors/")
    assert listing.status_code == 200, listing.content.decode()[-2000:]

    users = manager_client.get("/s/instructors-test/users/?limit=1", headers=HTMX)
    email = re.search(r'<td class="wrap">([^<]+)</td>', users.content.decode()).group(1)
    search = manager_client.get(
        f"/s/instructors-test/instructors/users/?user_email={email}", headers=HTMX
    ).content.decode()
    user_id = re.search(r'name="user_id" value="(\d+)"', search).group(1)

    data = {
        "first_name": "Prue",
        "last_name": "Leith",
        "slug": "prue-leith-live",
        "title": "Judge",
        "email": "prue@example.com",
        "avatar_url": "https://cdn.example.com/prue.png",
        "bio": "Chef.",
        "user_id": user_id,
    }
    created = manager_client.post("/s/instructors-test/instructors/new/", data)
    assert created.status_code == 302, created.content.decode()[-3000:]
    detail_url = created["Location"]
    detail = manager_client.get(detail_url).content.decode()
    assert "Prue Leith" in detail and "Judge" in detail and "prue-leith-live" in detail
    assert 'src="https://cdn.example.com/prue.png"' in detail
    assert f'<a href="/s/instructors-test/users/{user_id}/">' in detail and email in detail

    instructor_id = detail_url.rstrip("/").rsplit("/", 1)[1]
    edited = manager_client.post(
        f"/s/instructors-test/instructors/{instructor_id}/edit/", {**data, "title": "Head judge"}
    )
    assert edited.status_code == 302, edited.content.decode()[-3000:]
    assert "Head judge" in manager_client.get(detail_url).content.decode()

    deleted = manager_client.post(
        f"/s/instructors-test/instructors/{instructor_id}/delete/", {"name": "Prue Leith"}
    )
    assert deleted.status_code == 302
    assert manager_client.get(detail_url).status_code == 404
