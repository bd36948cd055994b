import re

import pytest
from responses import matchers

from tests.conftest import grant, login_with
from tests.instructors.conftest import API, instructor_json
from tests.resource_cases import ResourceViewCases
from tests.users.conftest import page_json, user_json

HTMX = {"HX-Request": "true"}
ALL = ("view_instructors", "add_instructors", "change_instructors", "delete_instructors")


@pytest.fixture
def manager_client(client, staff):
    return login_with(client, staff, *ALL, "view_users")


class TestInstructorViews(ResourceViewCases):
    resource = "instructors"
    record_ids = ("3",)
    extra_pages = [
        ("get", "instructors/users/?user_email=a", "view_users"),
        ("get", "instructors/export.csv", "view_instructors"),
    ]
    valid_data = {"first_name": "Prue", "last_name": "Leith", "slug": "prue-leith", "bio": "Chef"}
    rejected_field = "slug"


def test_user_search_needs_add_or_change_instructors(staff, client, api):
    client.force_login(grant(staff, "view_users", "view_instructors", "delete_instructors"))

    assert client.get("/s/baking/instructors/users/?user_email=a", headers=HTMX).status_code == 403


def test_list_page_and_fragment(manager_client, api):
    api.get(
        f"{API}/instructors",
        match=[matchers.query_param_matcher({"page": "2", "limit": "50"})],
        json=page_json([instructor_json()], page=2, total=80, limit=50),
    )

    page = manager_client.get("/s/baking/instructors/?page=2&limit=50").content.decode()
    fragment = manager_client.get(
        "/s/baking/instructors/?page=2&limit=50", headers=HTMX
    ).content.decode()

    assert "<html" in page and '<option value="50" selected>50</option>' in page
    assert "Paul Hollywood" in page and "Head baker" in page and "paul-hollywood" in page
    assert '<img class="avatar small" src="https://cdn.example.com/paul.png"' in page
    assert "80 results · page 2 of 2" in page
    assert 'href="?page=1&amp;limit=50"' in page
    assert 'href="/s/baking/instructors/3/?_changelist_filters=page%3D2%26limit%3D50"' in page
    assert "<html" not in fragment and "<form" not in fragment and "Paul Hollywood" in fragment


def test_detail_shows_every_field_with_the_avatar_and_names_the_user(manager_client, api):
    api.get(f"{API}/instructors/3", json=instructor_json())
    api.get(f"{API}/users/12", json=user_json(id=12))

    page = manager_client.get("/s/baking/instructors/3/").content.decode()

    for text in (
        "Paul Hollywood",
        "Head baker",
        "paul-hollywood",
        "paul@example.com",
        "Bakes bread.",
    ):
        assert text in page
    assert 'src="https://cdn.example.com/paul.png"' in page
    assert '<a href="/s/baking/users/12/">Ada Lovelace</a>' in page
    assert "User #12" not in page


def test_detail_says_when_the_instructors_user_is_gone(manager_client, api):
    api.get(f"{API}/instructors/3", json=instructor_json())
    api.get(f"{API}/users/12", status=404, json={"error": "Not found"})

    page = manager_client.get("/s/baking/instructors/3/").content.decode()

    assert 'User #12 <span class="muted">(no longer in the school)</span>' in page


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/s/baking/instructors/", {}),
        ("/s/baking/instructors/", HTMX),
        ("/s/baking/instructors/3/", {}),
        ("/s/baking/instructors/3/edit/", {}),
    ],
)
@pytest.mark.parametrize("avatar_url", ["javascript:alert(1)", "data:image/svg+xml,<svg/>"])
def test_an_avatar_url_that_is_not_http_is_never_linked(
    manager_client, api, path, headers, avatar_url
):
    instructor = instructor_json(avatar_url=avatar_url)
    api.get(f"{API}/instructors", json=page_json([instructor]))
    api.get(f"{API}/instructors/3", json=instructor)
    api.get(f"{API}/users/12", json=user_json(id=12))
    api.assert_all_requests_are_fired = False

    page = manager_client.get(path, headers=headers).content.decode()

    assert "Paul" in page
    assert 'src="javascript:' not in page and 'href="javascript:' not in page
    assert 'src="data:' not in page and 'href="data:' not in page
    assert "<img" not in page


def test_create_posts_and_redirects(manager_client, api):
    api.post(
        f"{API}/instructors",
        status=201,
        match=[
            matchers.json_params_matcher(
                {
                    "first_name": "Prue",
                    "last_name": "Leith",
                    "slug": "prue-leith",
                    "avatar_url": "https://cdn.example.com/prue.png",
                    "user_id": 12,
                }
            )
        ],
        json=instructor_json(id=9, first_name="Prue", last_name="Leith"),
    )
    data = {
        "first_name": "Prue",
        "last_name": "Leith",
        "slug": "prue-leith",
        "avatar_url": "https://cdn.example.com/prue.png",
        "user_email": "prue@",
        "user_id": "12",
    }

    response = manager_client.post("/s/baking/instructors/new/", data)

    assert response.status_code == 302
    assert response["Location"] == "/s/baking/instructors/9/"


def test_create_over_htmx_answers_a_client_redirect(manager_client, api):
    api.post(f"{API}/instructors", status=201, json=instructor_json(id=9))
    data = {"first_name": "Prue", "last_name": "Leith", "slug": "prue-leith"}

    response = manager_client.post("/s/baking/instructors/new/", data, headers=HTMX)

    assert response["HX-Redirect"] == "/s/baking/instructors/9/"


def test_create_checks_slug_email_and_avatar_locally(manager_client, api):
    data = {
        "first_name": "Prue",
        "last_name": "",
        "slug": "Prue Leith",
        "email": "prue@",
        "avatar_url": "ftp://example.com/x.png",
        "bio": "Keeps this.",
    }

    response = manager_client.post("/s/baking/instructors/new/", data, headers=HTMX)

    page = response.content.decode()
    assert response.status_code == 422
    assert len(api.calls) == 0
    assert page.lstrip().startswith("<form")
    assert "Lower-case letters, digits and single hyphens only" in page
    assert "Enter a valid email address." in page
    assert "Enter a web address starting with https:// or http://." in page
    assert "This field is required." in page
    assert 'value="Prue Leith"' in page and "Keeps this." in page
    assert 'src="ftp://' not in page


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
def test_create_maps_thinkifics_errors(manager_client, api, headers):
    api.post(
        f"{API}/instructors",
        status=422,
        json={"errors": {"slug": ["has already been taken"], "base": ["Too many instructors"]}},
    )
    data = {"first_name": "Prue", "last_name": "Leith", "slug": "paul-hollywood"}

    response = manager_client.post("/s/baking/instructors/new/", data, headers=headers)

    page = response.content.decode()
    assert response.status_code == 422
    assert ("<html" in page) is (not headers)
    assert page.lstrip().startswith("<form") is bool(headers)
    assert "Slug has already been taken" in page
    assert "Too many instructors" in page
    assert 'value="paul-hollywood"' in page


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
def test_edit_answers_422_for_errors_in_the_data(manager_client, api, headers):
    api.get(f"{API}/instructors/3", json=instructor_json())
    api.put(f"{API}/instructors/3", status=422, json={"errors": {"slug": ["is taken"]}})
    data = {**instructor_json(slug="prue"), "user_id": "12"}

    thinkifics = manager_client.post("/s/baking/instructors/3/edit/", data, headers=headers)
    ours = manager_client.post(
        "/s/baking/instructors/3/edit/", {**data, "slug": "Not A Slug"}, headers=headers
    )

    assert thinkifics.status_code == ours.status_code == 422
    assert "Slug is taken" in thinkifics.content.decode()
    assert "Lower-case letters" in ours.content.decode()
    assert [c.request.method for c in api.calls] == ["GET", "PUT", "GET"]


def test_edit_keeps_the_input_when_thinkific_is_rate_limited(manager_client, api, settings):
    settings.THINKIFIC_MAX_RETRY_WAIT = 0
    api.get(f"{API}/instructors/3", json=instructor_json())
    api.put(f"{API}/instructors/3", status=429, headers={"RateLimit-Reset": "30"})
    data = {**instructor_json(title="Judge"), "user_id": "12"}

    response = manager_client.post("/s/baking/instructors/3/edit/", data, headers=HTMX)

    page = response.content.decode()
    assert response.status_code == 429
    # The wording of the rate-limit message is the central error handler's.
    assert "Thinkific did not save the instructor." in page and "30 seconds" in page
    assert 'value="Judge"' in page


def test_find_without_javascript_shows_matches_and_keeps_the_input(manager_client, api):
    api.get(
        f"{API}/users",
        match=[matchers.query_param_matcher({"page": "1", "limit": "10", "query[email]": "ada@"})],
        json=page_json([user_json(id=21)]),
    )
    data = {"first_name": "Prue", "slug": "prue", "user_email": "ada@", "_find_user": "1"}

    response = manager_client.post("/s/baking/instructors/new/", data)

    page = response.content.decode()
    assert response.status_code == 200
    assert 'type="radio" name="user_id" value="21"' in page and "ada@example.com" in page
    assert 'value="Prue"' in page and 'value="ada@"' in page
    assert "This field is required." not in page


def test_user_search_fragment_keeps_the_chosen_user(manager_client, api):
    api.get(f"{API}/users", json=page_json([user_json(id=21), user_json(id=12)]))

    response = manager_client.get(
        "/s/baking/instructors/users/?user_email=ada&user_id=12", headers=HTMX
    )

    page = response.content.decode()
    assert "<html" not in page
    assert 'value="12" checked> User #12' in page
    assert page.count('value="12"') == 1
    assert 'value="21">' in page


def test_user_search_without_an_email_asks_thinkific_nothing(manager_client, api):
    response = manager_client.get("/s/baking/instructors/users/?user_email=", headers=HTMX)

    assert response.status_code == 200
    assert len(api.calls) == 0


def test_edit_sends_the_required_fields_and_the_changes(manager_client, api):
    api.get(f"{API}/instructors/3", json=instructor_json())
    api.put(
        f"{API}/instructors/3",
        status=204,
        match=[
            matchers.json_params_matcher(
                {
                    "first_name": "Paul",
                    "last_name": "Hollywood",
                    "slug": "paul-hollywood",
                    "title": "Judge",
                    "user_id": None,
                }
            )
        ],
    )
    data = {**instructor_json(title="Judge"), "user_id": ""}

    response = manager_client.post(
        "/s/baking/instructors/3/edit/?_changelist_filters=page%3D2", data
    )

    assert response["Location"] == "/s/baking/instructors/3/?_changelist_filters=page%3D2"


def test_edit_without_changes_makes_no_request(manager_client, api):
    api.get(f"{API}/instructors/3", json=instructor_json())
    api.get(f"{API}/users/12", json=user_json(id=12))

    response = manager_client.post("/s/baking/instructors/3/edit/", instructor_json(), follow=True)

    assert "Nothing to save: no change to Paul Hollywood." in response.content.decode()
    assert [c.request.method for c in api.calls] == ["GET", "GET", "GET"]
    assert "PUT" not in [c.request.method for c in api.calls]


def test_edit_form_shows_the_avatar_and_the_chosen_user_by_name(manager_client, api):
    api.get(f"{API}/instructors/3", json=instructor_json())
    api.get(f"{API}/users/12", json=user_json(id=12))

    page = manager_client.get("/s/baking/instructors/3/edit/").content.decode()

    assert 'src="https://cdn.example.com/paul.png"' in page
    assert 'value="12" checked> Ada Lovelace (ada@example.com)' in page
    assert 'name="user_label_12" value="Ada Lovelace (ada@example.com)"' in page


def test_only_the_add_form_suggests_the_slug(manager_client, api):
    api.get(f"{API}/instructors/3", json=instructor_json())
    api.get(f"{API}/users/12", json=user_json(id=12))

    new = manager_client.get("/s/baking/instructors/new/").content.decode()
    edit = manager_client.get("/s/baking/instructors/3/edit/").content.decode()

    assert 'data-slug-from="first_name last_name"' in new
    assert "data-slug-from" not in edit and 'value="paul-hollywood"' in edit
    assert "links to the old one stop working" in edit


def test_the_chosen_user_keeps_its_name_after_a_failed_save(manager_client, api):
    api.get(f"{API}/instructors/3", json=instructor_json())
    data = {**instructor_json(slug="Not A Slug"), "user_id": "12", "user_label_12": "Ada (ada@x)"}

    page = manager_client.post("/s/baking/instructors/3/edit/", data).content.decode()

    assert 'value="12" checked> Ada (ada@x)' in page
    assert [c.request.method for c in api.calls] == ["GET"]


def test_enter_saves_the_form_rather_than_finding_a_user(manager_client, api):
    api.get(f"{API}/users/12", json=user_json(id=12))
    api.assert_all_requests_are_fired = False

    page = manager_client.get("/s/baking/instructors/new/").content.decode()

    # The form's first submit button is the one Enter presses.
    first = re.search(r'<button type="submit" name="(\w+)"', page).group(1)
    assert first == "_save"


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
def test_delete_confirmation_names_the_instructor(manager_client, api, headers):
    api.get(f"{API}/instructors/3", json=instructor_json())

    page = manager_client.get("/s/baking/instructors/3/delete/", headers=headers).content.decode()

    assert ("<html" in page) is (not headers)
    assert "Delete the instructor “Paul Hollywood”?" in page


def test_delete_returns_to_the_list(manager_client, api):
    api.delete(f"{API}/instructors/3", status=204)

    response = manager_client.post(
        "/s/baking/instructors/3/delete/?_changelist_filters=page%3D2",
        {"name": "Paul Hollywood"},
        headers=HTMX,
    )

    assert response["HX-Redirect"] == "/s/baking/instructors/?page=2"
