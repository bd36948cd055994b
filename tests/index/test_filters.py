"""The filters of the lists served from the index: the users without a role, any part of
a coupon code, where the order statuses come from, instructors by last name."""

import string
from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.index import selectors as index
from apps.index import storing
from apps.index.models import IndexedInstructor, IndexedOrder, IndexedUser
from tests.conftest import login_with
from tests.index.conftest import make_ready
from tests.users.conftest import API, page_json, user_json

HTMX = {"HX-Request": "true"}


@pytest.fixture
def viewer(client, staff):
    return login_with(client, staff, "view_users", "view_orders", "view_instructors")


def store_users(school, *people: tuple[str, list[str]]):
    rows = [
        {"thinkific_id": 500 + n, "full_name": name, "email": f"u{n}@example.com", "roles": roles}
        for n, (name, roles) in enumerate(people)
    ]
    storing.store(IndexedUser, school.pk, rows)


def test_students_are_the_users_without_a_role(viewer, school, api):
    make_ready(school)
    store_users(
        school,
        ("Ada Plain", []),
        ("Bea Affiliate", ["affiliate"]),
        ("Cy Admin", ["site_admin", "course_admin"]),
        ("Di Plain", []),
    )

    page = viewer.get("/s/baking/users/?role=student", headers=HTMX).content.decode()

    assert "Ada Plain" in page and "Di Plain" in page
    assert "Bea Affiliate" not in page and "Cy Admin" not in page
    page = viewer.get("/s/baking/users/?role=course_admin", headers=HTMX).content.decode()
    assert "Cy Admin" in page and "Ada Plain" not in page


def test_the_role_filter_offers_students_when_the_index_can_find_them(viewer, school, api):
    make_ready(school)
    api.get(f"{API}/custom_profile_field_definitions", json=page_json([]))
    api.get(f"{API}/groups", json=page_json([]))

    page = viewer.get("/s/baking/users/").content.decode()

    assert '<option value="student">Student (no role)</option>' in page


def test_a_live_list_cannot_find_students_and_says_why(viewer, school, api):
    api.get(f"{API}/custom_profile_field_definitions", json=page_json([]))
    api.get(f"{API}/groups", json=page_json([]))
    # Thinkific is asked for every user: the filter it cannot apply is left out.
    api.get(f"{API}/users?page=1&limit=25", json=page_json([user_json()]))

    page = viewer.get("/s/baking/users/?role=student").content.decode()

    assert "query%5Brole%5D" not in api.calls[-1].request.url
    assert '<option value="student"' not in page
    assert "Thinkific cannot list the users without a role" in page
    assert "Showing the users without that filter." in page
    assert '<details class="filter-fold" data-wide-open data-filter-fold open>' in page


def store_orders(school, *orders: tuple[int, str, str]):
    now = timezone.now()
    rows = [
        {
            "thinkific_id": thinkific_id,
            "user_name": buyer,
            "user_email": f"{thinkific_id}@example.com",
            "coupon_code": code,
            "status": "complete",
            "created_at": now - timedelta(minutes=thinkific_id),
        }
        for thinkific_id, buyer, code in orders
    ]
    storing.store(IndexedOrder, school.pk, rows)


@pytest.mark.parametrize(
    ("coupon", "found"),
    [
        ("spring", {"#71", "#73"}),
        ("PRI", {"#71", "#73"}),  # not #72, whose buyer's name holds it
        ("ng1", {"#71"}),  # shorter than a trigram
        ("SPRING10", {"#71"}),
        ("autumn", set()),
    ],
)
def test_orders_are_found_by_any_part_of_the_coupon_code(viewer, school, api, coupon, found):
    make_ready(school)
    store_orders(
        school, (71, "Ada Lovelace", "SPRING10"), (72, "Priya Patel", ""), (73, "Bo Chen", "spring")
    )

    page = viewer.get(f"/s/baking/orders/?coupon={coupon}", headers=HTMX).content.decode()

    assert {n for n in ("#71", "#72", "#73") if f">{n}<" in page} == found


def test_the_status_filter_says_its_statuses_are_those_seen(viewer, school, api):
    make_ready(school)
    store_orders(school, (71, "Ada Lovelace", ""))

    page = viewer.get("/s/baking/orders/").content.decode()

    assert '<option value="complete">Complete</option>' in page
    assert "Those seen in this school&#x27;s orders: Thinkific lists none." in page
    assert 'placeholder="Any part of it"' in page


def test_instructors_sorted_by_name_go_by_last_name_then_first(viewer, school, api):
    make_ready(school)
    people = [("Ravi", "Singh"), ("Wei", "Chen"), ("Ana", "Sanchez"), ("Bo", "Chen")]
    rows = [
        {"thinkific_id": 40 + n, "first_name": first, "last_name": last, "email": f"{n}@x.org"}
        for n, (first, last) in enumerate(people)
    ]
    storing.store(IndexedInstructor, school.pk, rows)

    def names(sort: str) -> list[str]:
        page = viewer.get(f"/s/baking/instructors/?sort={sort}", headers=HTMX).content.decode()
        return sorted(
            (f"{first} {last}" for first, last in people),
            key=lambda name: page.index(f">{name}<"),
        )

    assert names("name") == ["Bo Chen", "Wei Chen", "Ana Sanchez", "Ravi Singh"]
    assert names("-name") == ["Ravi Singh", "Ana Sanchez", "Wei Chen", "Bo Chen"]


CODES = ["SPRING10", "spring", "BF-2026", "50%OFF", 'Q"UOTE', "a_b", ""]


# The school and its rows are the same for every example (storing them again changes nothing).
@settings(
    max_examples=60,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(coupon=st.text(alphabet=string.ascii_letters + string.digits + ' -_%"*', max_size=9))
def test_the_coupon_filter_finds_exactly_the_codes_that_hold_it(school, coupon):
    # Buyers' names hold letters of the codes too: only the code itself may match.
    rows = [
        {"thinkific_id": 90 + n, "user_name": f"{code} Buyer", "coupon_code": code[::-1]}
        for n, code in enumerate(CODES)
    ]
    storing.store(IndexedOrder, school.pk, rows)

    found = index.orders(connection_id=school.pk, coupon=coupon)

    needle = coupon.strip().lower()
    expected = {row["thinkific_id"] for row in rows if needle in row["coupon_code"].lower()}
    assert {order.thinkific_id for order in found} == expected
