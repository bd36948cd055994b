"""Every page built from Thinkific's data, with Thinkific answering odd but valid records
(tests/fuzz/upstream.py): live pages, the writes' answers and the index's lists and CSVs.
Never a 500, never slower than the bound."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import partial

import pytest
import responses
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from apps.connections.models import Connection
from apps.index.models import IndexedEnrollment, IndexedOrder, IndexedUser
from apps.index.sync import index_of
from tests.categories.test_views import TestCategoryViews
from tests.coupons.test_views import TestCouponViews
from tests.fuzz.conftest import FUZZ, row_counts, timed
from tests.fuzz.test_pages import PARAMETER, ROUTES
from tests.fuzz.upstream import FakeThinkific
from tests.index.conftest import sync_all
from tests.instructors.test_views import TestInstructorViews
from tests.promotions.test_views import TestPromotionViews
from tests.users.test_views import TestUserViews

THINKIFIC = "https://api.thinkific.com"
URL_IDS = st.one_of(st.sampled_from([0, 1, 2**63 - 1]), st.integers(min_value=0, max_value=10**6))
# The create forms whose good post needs no choice read from Thinkific: (page, post).
CREATES = [
    (cases.path("create", *cases.record_ids[:-1]), cases.valid_data)
    for cases in (
        TestUserViews,
        TestInstructorViews,
        TestCategoryViews,
        TestPromotionViews,
        TestCouponViews,
    )
]
# The lists served from the index, and their CSVs with the table each one reads.
INDEXED_LISTS = ["users/", "orders/", "enrollments/", "instructors/"]
EXPORTS = {
    "users/export.csv": IndexedUser,
    "orders/export.csv": IndexedOrder,
    "enrollments/export.csv": IndexedEnrollment,
}


@dataclass
class OddWorld:
    client: Client
    school: Connection
    thinkific: FakeThinkific

    def answering(self, data) -> OddWorld:
        """Thinkific answers from `data` from now on, as if asked for the first time."""
        cache.clear()  # choices read for an earlier input would change what is asked
        self.thinkific.data = data
        return self


@dataclass
class Whole:
    """An answer read to its end (a streamed CSV's lines, and how long they took)."""

    status_code: int
    content: bytes


def read_whole(client: Client, url: str) -> Whole:
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return Whole(response.status_code, body)


@pytest.fixture
def odd_world(db, settings, client, django_user_model):
    """A superuser's client on a school whose Thinkific is `FakeThinkific`."""
    settings.THINKIFIC_RATE_LIMIT = 10**6
    settings.THINKIFIC_MAX_RETRY_WAIT = 0
    settings.INDEX_SLICE_SECONDS = 0.5
    school = Connection.objects.create(
        name="Odd School", slug="odd", subdomain="odd", api_key="k" * 32, api_base_url=THINKIFIC
    )
    index_of(school)  # made up front: the first list page makes it, asking for a sync
    admin = django_user_model.objects.create_superuser("odd", "o@example.com", "pw-odd-123")
    school.members.add(admin)
    client.force_login(admin)
    thinkific = FakeThinkific(None)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            mock.add_callback(method, re.compile(rf"{re.escape(THINKIFIC)}/.*"), thinkific)
        yield OddWorld(client=client, school=school, thinkific=thinkific)


def page_url(route: str, school: Connection, data) -> str:
    def fill(match: re.Match) -> str:
        if match.group(2) == "school":
            return school.slug
        return str(data.draw(URL_IDS, label=match.group(2)))

    return "/" + PARAMETER.sub(fill, route)


# The health page runs the connection check and keeps its result, so a second example asks
# Thinkific less than the first and Hypothesis cannot replay it; its odd answers are the
# check's own tests' (tests/core/test_first_minutes.py).
READ_ONLY_ROUTES = [route for route in ROUTES if not route.endswith("/health/")]


@pytest.mark.parametrize("route", READ_ONLY_ROUTES)
@FUZZ
@given(data=st.data())
def test_every_page_shows_odd_records(odd_world, route, data):
    world = odd_world.answering(data)
    url = page_url(route, world.school, data)
    before = row_counts()
    for headers in ({}, {"HX-Request": "true"}):
        timed(
            f"odd data {route}",
            f"GET {url} {headers} after {world.thinkific.calls[-3:]}",
            lambda h=headers: world.client.get(url, headers=h),
        )
    assert row_counts() == before, "a GET wrote"


@pytest.mark.parametrize(("page", "post"), CREATES, ids=[page for page, _ in CREATES])
@FUZZ
@given(data=st.data(), button=st.sampled_from(["_save", "_continue", "_addanother"]))
def test_a_write_answered_with_odd_records_lands_on_a_page(odd_world, page, post, data, button):
    world = odd_world.answering(data)
    url = f"/s/{world.school.slug}/{page}"
    response = timed(f"odd answer {page}", f"POST {url}", lambda: world.client.post(url, post))
    if response.status_code == 302:  # the write was done: the page it leads to works too
        said = [str(message) for message in get_messages(response.wsgi_request)]
        assert any(line.startswith("Created the") for line in said), said
        location = response["Location"]
        timed(f"odd answer {page} then", f"GET {location}", lambda: world.client.get(location))


@FUZZ
@given(data=st.data())
def test_the_index_keeps_odd_records_and_lists_them(odd_world, data):
    with transaction.atomic():  # each input on an index of its own, whatever went wrong before
        index_and_list(odd_world.answering(data))


def index_and_list(world: OddWorld) -> None:
    index = sync_all(world.school, force=True)
    assert index.is_ready and not index.error, index.error
    school = f"/s/{world.school.slug}/"
    for page in INDEXED_LISTS:
        for query in ({}, {"sort": "-created_at"}, {"q": "a"}):
            url = school + page
            get = partial(world.client.get, url, query)
            timed("odd index lists", f"GET {url} {query}", get)
    for page, model in EXPORTS.items():
        url = school + page
        answer = timed("odd index CSVs", f"GET {url}", partial(read_whole, world.client, url))
        lines = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
        held = model.objects.filter(connection=world.school).count()
        assert len(lines) == held + 1, f"{page}: {len(lines) - 1} rows of {held}"
