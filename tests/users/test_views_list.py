"""The users list with its filters, and the lookup by external id."""

from urllib.parse import quote

from responses import matchers

from tests.conftest import grant
from tests.users.conftest import API, HTMX, page_json, query_of, user_json

# -- list ----------------------------------------------------------------------------------


def test_list_page_shows_users_with_filters_and_pagination(manager_client, lookups):
    lookups.get(f"{API}/users", json=page_json([user_json()], total=60, page=2, limit=25))

    response = manager_client.get("/s/baking/users/?page=2&role=course_admin&group_id=5")

    page = response.content.decode()
    assert response.status_code == 200
    users_call = next(c for c in lookups.calls if "/users?" in c.request.url)
    assert query_of(users_call) == {
        "page": "2",
        "limit": "25",
        "query[role]": "course_admin",
        "query[group_id]": "5",
    }
    assert "<html" in page and 'id="results"' in page
    assert "Ada Lovelace" in page and "Course admin" in page and "Analytical Engines" in page
    assert "Mar 1, 2024" in page
    assert '<option value="5" selected>Night class</option>' in page
    assert '<option value="City">City</option>' in page
    assert "60 results · page 2 of 3" in page
    assert 'href="?page=3&amp;role=course_admin&amp;group_id=5"' in page
    # The list state travels to the detail page.
    state = quote("page=2&role=course_admin&group_id=5", safe="")
    assert f'href="/s/baking/users/1/?_changelist_filters={state}"' in page


def test_list_fragment_is_one_request_and_only_the_results(manager_client, api):
    api.get(
        f"{API}/users",
        match=[
            matchers.query_param_matcher({"page": "1", "limit": "100", "query[email]": "ada@x"})
        ],
        json=page_json([user_json()]),
    )

    response = manager_client.get("/s/baking/users/?email=ada@x&limit=100", headers=HTMX)

    page = response.content.decode()
    assert response.status_code == 200
    assert len(api.calls) == 1
    assert "<html" not in page and "<form" not in page
    assert "Ada Lovelace" in page
    assert '<table class="records' in page and 'id="results"' not in page  # inside #results


def test_list_rows_escape_what_thinkific_sends_and_show_times_in_the_users_zone(
    manager, manager_client, api
):
    from apps.core.models import Preference

    Preference.objects.create(user=manager, time_zone="Asia/Tokyo")
    hostile = user_json(
        id=2,
        full_name='<script>alert("x")</script>',
        email="a&b@example.com",
        company="O'Brien & <Sons>",
        roles=["site_admin", "<b>new</b>"],
        created_at="2024-03-01T20:00:00Z",  # March 2 in Tokyo
    )
    nameless = user_json(id=3, first_name="", last_name="", full_name="", roles=[], created_at=None)
    api.get(f"{API}/users", json=page_json([hostile, nameless]))

    page = manager_client.get("/s/baking/users/?role=site_admin", headers=HTMX).content.decode()

    assert "<script>" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "a&amp;b@example.com" in page and "O&#x27;Brien &amp; &lt;Sons&gt;" in page
    assert '<span class="badge">Site admin</span>' in page
    assert '<span class="badge">&lt;b&gt;new&lt;/b&gt;</span>' in page
    assert '<time datetime="2024-03-01T20:00:00+00:00">Mar 2, 2024</time>' in page
    state = "?_changelist_filters=role%3Dsite_admin"
    assert f'<a href="/s/baking/users/3/{state}">(no name)</a>' in page
    assert '<span class="muted">Student</span>' in page
    assert f'href="/s/baking/users/2/edit/{state}"' in page
    assert f'hx-get="/s/baking/users/3/delete/{state}"' in page


def test_pages_vary_on_hx_request_so_back_never_shows_a_cached_fragment(manager_client, api):
    api.get(f"{API}/users", json=page_json([]))

    response = manager_client.get("/s/baking/users/?email=x", headers=HTMX)

    assert "HX-Request" in response["Vary"]


def test_list_explains_an_incomplete_profile_field_filter(manager_client, api):
    api.get(f"{API}/users", json=page_json([]))

    page = manager_client.get(
        "/s/baking/users/?custom_profile_field_label=City", headers=HTMX
    ).content.decode()

    assert query_of(api.calls[0]) == {"page": "1", "limit": "25"}
    assert "Pick a profile field and the value to look for." in page


def test_list_says_when_nothing_matches(manager_client, api):
    api.get(f"{API}/users", json=page_json([]))

    page = manager_client.get("/s/baking/users/?email=nobody@x", headers=HTMX).content.decode()

    assert "No users match these filters." in page


def test_list_hides_actions_the_user_may_not_take(staff, client, lookups):
    client.force_login(grant(staff, "view_users"))
    lookups.get(f"{API}/users", json=page_json([user_json()]))

    page = client.get("/s/baking/users/").content.decode()

    assert "Add a user" not in page
    assert "/s/baking/users/1/edit/" not in page
    assert "/s/baking/users/1/delete/" not in page


def test_list_upstream_failure_as_a_fragment_goes_into_the_error_box(manager_client, api, settings):
    settings.THINKIFIC_MAX_RETRY_WAIT = 0
    api.get(f"{API}/users", status=401, json={"error": "Authentication Error"})

    response = manager_client.get("/s/baking/users/?page=2", headers=HTMX)

    assert response.status_code == 502
    assert response["HX-Retarget"] == "#page-errors"
    assert "rejected the school&#x27;s credentials" in response.content.decode()


# -- lookup --------------------------------------------------------------------------------


def test_lookup_by_external_id_goes_to_the_user(manager_client, api):
    api.get(
        f"{API}/users/hr-9",
        match=[matchers.query_param_matcher({"provider": "SSO"})],
        json=user_json(id=44),
    )

    response = manager_client.get("/s/baking/users/lookup/?external_id=hr-9&provider=SSO")

    assert response.status_code == 302
    assert response["Location"] == "/s/baking/users/44/"


def test_lookup_of_an_unknown_external_id_says_so(manager_client, api):
    api.get(f"{API}/users/nobody", status=404, json={"error": "Record not found."})

    response = manager_client.get(
        "/s/baking/users/lookup/?external_id=nobody&provider=OPENID_CONNECT"
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Thinkific has no user with this OPENID_CONNECT ID." in page
    assert 'value="nobody"' in page
