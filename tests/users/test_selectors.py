from urllib.parse import parse_qsl, urlsplit

from responses import matchers

from apps.users import selectors
from tests.users.conftest import API, DEFINITIONS, GROUPS, page_json, user_json


def query_of(call):
    return dict(parse_qsl(urlsplit(call.request.url).query))


def test_user_list_sends_the_filters_as_thinkific_query_parameters(api, client_for_school):
    api.get(f"{API}/users", json=page_json([user_json()], total=61, page=2))

    page = selectors.user_list(
        client=client_for_school,
        page=2,
        limit=50,
        email="ada@example.com",
        role="site_admin",
        external_source="hr-import",
        custom_profile_field_label="City",
        custom_profile_field_value="London",
        group_id=5,
    )

    assert query_of(api.calls[0]) == {
        "page": "2",
        "limit": "50",
        "query[email]": "ada@example.com",
        "query[role]": "site_admin",
        "query[external_source]": "hr-import",
        "query[custom_profile_field_label]": "City",
        "query[custom_profile_field_value]": "London",
        "query[group_id]": "5",
    }
    assert api.calls[0].request.headers["X-Auth-Subdomain"] == "baking-school"
    assert [user.email for user in page] == ["ada@example.com"]
    assert page.total_items == 61


def test_user_list_leaves_out_a_profile_field_without_its_value(api, client_for_school):
    api.get(f"{API}/users", json=page_json([]))

    selectors.user_list(client=client_for_school, custom_profile_field_label="City", email="")

    assert query_of(api.calls[0]) == {"page": "1", "limit": "25"}


def test_user_get_by_external_id_names_the_provider(api, client_for_school):
    api.get(
        f"{API}/users/ext%2F42",
        match=[matchers.query_param_matcher({"provider": "OPENID_CONNECT"})],
        json=user_json(id=9),
    )

    user = selectors.user_get(client=client_for_school, user_id="ext/42", provider="OPENID_CONNECT")

    assert user.id == 9


def test_user_enrollments_filter_by_user(api, client_for_school):
    api.get(
        f"{API}/enrollments",
        match=[matchers.query_param_matcher({"page": "1", "limit": "25", "query[user_id]": "3"})],
        json=page_json([{"id": 1, "user_id": 3, "course_name": "Bread"}]),
    )

    page = selectors.user_enrollments(client=client_for_school, user_id=3)

    assert [e.course_name for e in page] == ["Bread"]


def test_user_orders_scan_reads_one_page_of_250_and_keeps_the_users(api, client_for_school):
    orders = [{"id": n, "user_id": 3 if n % 2 else 4} for n in range(1, 6)]
    api.get(
        f"{API}/orders",
        match=[matchers.query_param_matcher({"page": "2", "limit": "250"})],
        json=page_json(orders, page=2, total=505, limit=250),
    )

    scan = selectors.user_orders_scan(client=client_for_school, user_id=3, page=2)

    assert [order.id for order in scan.orders] == [1, 3, 5]
    assert (scan.first_scanned, scan.last_scanned) == (251, 255)
    assert scan.page.next_page == 3
    assert len(api.calls) == 1


def test_filter_options_are_read_once_then_cached(api, school, client_for_school):
    api.get(
        f"{API}/custom_profile_field_definitions",
        match=[matchers.query_param_matcher({"page": "1", "limit": "250"})],
        json=page_json(DEFINITIONS),
    )
    api.get(f"{API}/groups", json=page_json(GROUPS))

    first = selectors.user_filter_options(client=client_for_school, connection_id=school.pk)
    again = selectors.user_filter_options(client=client_for_school, connection_id=school.pk)

    assert [d.label for d in first["definitions"]] == ["City", "Phone"]
    assert first["definitions"][1].required is True
    assert [g.name for g in again["groups"]] == ["Night class"]
    assert len(api.calls) == 2


def test_filter_options_are_cached_per_connection_not_per_subdomain(api, school):
    from apps.connections.models import Connection
    from apps.connections.services import client_for

    # Another connection naming the same subdomain and host, with other credentials:
    # what Thinkific answers it may differ, so it must never get the first one's answers.
    other = Connection.objects.create(
        name="Baking, second key",
        slug="baking-2",
        subdomain=school.subdomain,
        api_key="o" * 32,
        api_base_url=school.api_base_url,
    )
    for key, definitions in (("k" * 32, DEFINITIONS), ("o" * 32, DEFINITIONS[:1])):
        api.get(
            f"{API}/custom_profile_field_definitions",
            match=[matchers.header_matcher({"X-Auth-API-Key": key})],
            json=page_json(definitions),
        )

    first = selectors.custom_field_list(client=client_for(school), connection_id=school.pk)
    second = selectors.custom_field_list(client=client_for(other), connection_id=other.pk)

    assert [d.label for d in first] == ["City", "Phone"]
    assert [d.label for d in second] == ["City"]
    assert len(api.calls) == 2


def test_user_search_asks_for_a_few_matches_by_email(api, client_for_school):
    api.get(
        f"{API}/users",
        match=[matchers.query_param_matcher({"page": "1", "limit": "10", "query[email]": "ada@"})],
        json=page_json([user_json()]),
    )

    assert len(selectors.user_search(client=client_for_school, email=" ada@ ")) == 1
