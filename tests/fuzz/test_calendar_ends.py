"""The calendar's ends (year 1, year 9999) in every time zone: the issue's reproductions,
then the same surfaces with Hypothesis drawing the days, the moments and the staff
member's zone (strategies in `calendar_ends`).

Where the staff member's clock cannot show a moment (a record of 9999-12-31 23:59 UTC in
Kiritimati, UTC+14), pages and CSVs show it on UTC's clock and say "UTC"; a day filter
whose day starts or ends past the calendar reads as if the calendar went on.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zoneinfo
from datetime import UTC, datetime, timedelta
from html import escape

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from apps.history.models import Entry
from apps.index import storing
from apps.index.models import (
    IndexedEnrollment,
    IndexedInstructor,
    IndexedOrder,
    IndexedUser,
    SchoolIndex,
)
from apps.sandbox import models as sandbox
from apps.webhooks.models import Event
from tests.fuzz.calendar_ends import (
    DAY_TEXTS,
    LOCAL_MOMENT_TEXTS,
    MOMENT_TEXTS,
    MOMENTS,
    REPORTED,
    STAFF_ZONES,
)
from tests.fuzz.conftest import FUZZ, row_counts, timed
from tests.fuzz.test_pages import ROUTES
from tests.fuzz.test_receiver_and_sandbox import deliver
from tests.sandbox import factories

FIRST = datetime.min.replace(tzinfo=UTC)
LAST = datetime.max.replace(tzinfo=UTC)
NOW = datetime(2026, 3, 4, 12, 5, tzinfo=UTC)
SCHOOL = "/s/fuzz/"


def choose_zone(world, name: str) -> None:
    """The staff member picks `name` on the time zone page, as a person would."""
    answer = world.client.post("/account/time-zone/", {"time_zone": name})
    assert answer.status_code == 302, name


def index_ready(world) -> None:
    """The school's index built and fresh: lists and CSVs come from it, no sync is due."""
    now = timezone.now()
    SchoolIndex.objects.update_or_create(
        connection=world.school,
        defaults={"ready_at": now, "last_full_at": now, "enrollments_through": now},
    )


def body_of(answer) -> str:
    content = b"".join(answer.streaming_content) if answer.streaming else answer.content
    return content.decode("utf-8-sig")


def csv_rows(answer) -> list[dict]:
    assert answer.status_code == 200
    return list(csv.DictReader(io.StringIO(body_of(answer))))


def listed(page: str) -> int:
    """How many rows a list says it found (no pager: none, or the rows themselves)."""
    found = re.search(r"([\d,]+) results?(?: ·|</span>)", page)
    return int(found.group(1).replace(",", "")) if found else 0


def day_label(moment: datetime, zone: str) -> str:
    """The users table's "Created" day: the staff member's day, else the UTC day saying so."""
    try:
        day, other = moment.astimezone(zoneinfo.ZoneInfo(zone)), ""
    except OverflowError:
        day, other = moment, " UTC"
    return f"{day:%b} {day.day}, {day.year:04d}{other}"


def stamp(moment: datetime, zone: str) -> str:
    """An index CSV's date-time cell."""
    try:
        local, other = moment.astimezone(zoneinfo.ZoneInfo(zone)), ""
    except OverflowError:
        local, other = moment, " UTC"
    return f"{local.year:04d}-{local:%m-%d %H:%M:%S}{other}"


# -- the reproductions, in its three zones ------------------------------------------

ENROLLMENT = {"user_id": 1, "user_name": "Ada", "course_id": 2, "course_name": "Bread"}


@pytest.fixture
def far_school(world):
    """Index rows dated at each end of the calendar and now: users, orders, enrollments."""
    index_ready(world)
    dates = {"first": FIRST, "last": LAST, "now": NOW}
    storing.store(
        IndexedUser,
        world.school.pk,
        [
            {
                "thinkific_id": n,
                "full_name": f"Ada {name}",
                "email": f"{name}@x.io",
                "created_at": v,
            }
            for n, (name, v) in enumerate(dates.items(), start=1)
        ],
    )
    storing.store(
        IndexedOrder,
        world.school.pk,
        [
            {"thinkific_id": n, "user_name": f"Ada {name}", "created_at": v, "amount_cents": 100}
            for n, (name, v) in enumerate(dates.items(), start=1)
        ],
    )
    storing.store(
        IndexedEnrollment,
        world.school.pk,
        [
            {"thinkific_id": n, **ENROLLMENT, "created_at": v, "updated_at": v, "activated_at": v}
            for n, v in enumerate(dates.values(), start=1)
        ],
    )
    Entry.objects.create(connection=world.school, action=Entry.Action.UPDATE, resource="users")
    return world


# The rows each filter keeps, by id (1: dated year 1, 2: the calendar's last moment, 3: now).
# In Kiritimati the last moment is already 1 January 10000, after "until 9999-12-31".
FILTERS = [
    ("orders/", {"created_until": "9999-12-31"}, {"Pacific/Kiritimati": {1, 3}}, {1, 2, 3}),
    ("orders/", {"created_from": "0001-01-01"}, {}, {2, 3}),  # every zone here is behind in 1
    (
        "enrollments/",
        {"created_on_or_before": "9999-12-31"},
        {"Pacific/Kiritimati": {1, 3}},
        {1, 2, 3},
    ),
    ("enrollments/", {"updated_after": "9999-12-31"}, {"Pacific/Kiritimati": {2}}, set()),
    (
        "enrollments/",
        {"updated_on_or_before": "9999-12-31"},
        {"Pacific/Kiritimati": {1, 3}},
        {1, 2, 3},
    ),
]


@pytest.mark.parametrize("zone", REPORTED)
@pytest.mark.parametrize(("path", "query", "by_zone", "kept"), FILTERS)
def test_a_day_filter_at_the_calendars_end_answers_the_list_and_its_csv(
    far_school, zone, path, query, by_zone, kept
):
    choose_zone(far_school, zone)
    expected = by_zone.get(zone, kept)

    page = far_school.client.get(SCHOOL + path, query)
    fragment = far_school.client.get(SCHOOL + path, query, headers={"HX-Request": "true"})
    rows = csv_rows(far_school.client.get(f"{SCHOOL}{path}export.csv", query))

    assert page.status_code == fragment.status_code == 200
    text = page.content.decode()
    for name, value in query.items():
        assert f'name="{name}" value="{value}"' in text  # the filter as typed
    assert listed(text) == listed(fragment.content.decode()) == len(expected)
    assert {int(row["id"]) for row in rows} == expected


@pytest.mark.parametrize("zone", REPORTED)
def test_the_history_until_the_calendars_last_day(far_school, zone):
    choose_zone(far_school, zone)

    page = far_school.client.get(SCHOOL + "history/", {"until": "9999-12-31"})
    rows = csv_rows(far_school.client.get(SCHOOL + "history/export.csv", {"until": "9999-12-31"}))

    assert page.status_code == 200
    assert 'name="until" value="9999-12-31"' in page.content.decode()
    assert [row["resource"] for row in rows] == ["users"]


@pytest.mark.parametrize("zone", REPORTED)
@pytest.mark.parametrize(
    "query", [{}, {"q": "ada"}, {"sort": "-created_at"}, {"sort": "created_at"}], ids=str
)
def test_users_dated_at_the_calendars_ends_show_in_the_list_and_the_whole_csv(
    far_school, zone, query
):
    choose_zone(far_school, zone)

    page = far_school.client.get(SCHOOL + "users/", query)
    rows = csv_rows(far_school.client.get(SCHOOL + "users/export.csv", query))

    assert page.status_code == 200
    text = page.content.decode()
    for moment in (FIRST, LAST, NOW):
        assert f'<time datetime="{moment.isoformat()}">{day_label(moment, zone)}</time>' in text
    assert {row["email"]: row["created_at"] for row in rows} == {
        "first@x.io": stamp(FIRST, zone),
        "last@x.io": stamp(LAST, zone),
        "now@x.io": stamp(NOW, zone),
    }


def test_a_far_date_shown_in_utc_says_so():
    assert day_label(LAST, "Pacific/Kiritimati") == "Dec 31, 9999 UTC"
    assert day_label(FIRST, "America/Los_Angeles") == "Jan 1, 0001 UTC"
    assert day_label(LAST, "America/Los_Angeles") == "Dec 31, 9999"
    assert stamp(LAST, "Etc/GMT+12") == "9999-12-31 11:59:59"
    assert stamp(FIRST, "Etc/GMT+12") == "0001-01-01 00:00:00 UTC"


@pytest.mark.parametrize("zone", REPORTED)
def test_the_orders_and_enrollments_csvs_write_far_dates(far_school, zone):
    choose_zone(far_school, zone)

    orders = csv_rows(far_school.client.get(SCHOOL + "orders/export.csv"))
    enrollments = csv_rows(far_school.client.get(SCHOOL + "enrollments/export.csv"))

    expected = {"1": stamp(FIRST, zone), "2": stamp(LAST, zone), "3": stamp(NOW, zone)}
    assert {row["id"]: row["created_at"] for row in orders} == expected
    assert {row["id"]: row["activated_at"] for row in enrollments} == expected


ENVELOPE_TIMES = [
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59.999Z",
    "0001-01-01T00:00:00+05:00",  # before the calendar in UTC: kept at its first moment
    "9999-12-31T23:00:00-05:00",
]


@pytest.mark.parametrize("zone", REPORTED)
def test_a_signed_event_of_a_far_date_is_stored_and_shown(world, zone):
    choose_zone(world, zone)
    for n, created_at in enumerate(ENVELOPE_TIMES):
        envelope = {
            "id": f"far-{n}",
            "resource": "order",
            "action": "created",
            "payload": {"id": n + 1, "created_at": created_at},
            "created_at": created_at,
        }
        assert deliver(world, json.dumps(envelope).encode()).status_code == 200

    for event in Event.objects.filter(connection=world.school):
        page = world.client.get(f"{SCHOOL}activity/{event.pk}/")
        assert page.status_code == 200
        happened = re.search(r"<dt>Happened</dt><dd>(.*?)</dd>", page.content.decode()).group(1)
        assert event.occurred_at.isoformat() in happened
        shown_in_utc = happened.endswith(" UTC</time>")
        assert shown_in_utc == (day_label(event.occurred_at, zone).endswith("UTC"))
        admin = world.client.get(f"/admin/webhooks/event/{event.pk}/change/")
        assert admin.status_code == 200
    for url in (SCHOOL + "activity/", "/activity/", SCHOOL):
        assert world.client.get(url).status_code == 200


@pytest.fixture
def far_records(world):
    """The sandbox school's records dated at the calendar's ends, as Thinkific sends them."""
    person = sandbox.User.objects.get(pk=world.ids[0])
    sandbox.User.objects.filter(pk=person.pk).update(created_at=LAST)
    course = factories.course(world.upstream, created_at=LAST)
    enrollment = factories.enrollment(
        person, course, activated_at=FIRST, expiry_date=LAST, created_at=LAST
    )
    promotion = factories.promotion(world.upstream, starts_at=FIRST, expires_at=LAST)
    coupon = factories.coupon(promotion, created_at=LAST)
    factories.order(person, course, created_at=FIRST)
    return {"user": person, "enrollment": enrollment, "promotion": promotion, "coupon": coupon}


@pytest.mark.parametrize("zone", REPORTED)
def test_thinkifics_far_dated_records_show_on_their_pages(world, far_records, zone):
    choose_zone(world, zone)
    user, enrollment = far_records["user"].pk, far_records["enrollment"].pk
    promotion = far_records["promotion"].pk
    pages = [
        "users/",
        f"users/{user}/",
        f"users/{user}/enrollments/",
        f"users/{user}/orders/",
        "enrollments/",
        f"enrollments/{enrollment}/",
        f"enrollments/{enrollment}/edit/",
        f"enrollments/{enrollment}/expire/",
        "promotions/",
        f"promotions/{promotion}/",
        f"promotions/{promotion}/edit/",
        f"promotions/{promotion}/coupons/",
        "orders/",
    ]
    for path in pages:
        assert world.client.get(SCHOOL + path).status_code == 200, path

    edit = world.client.get(f"{SCHOOL}enrollments/{enrollment}/edit/").content.decode()
    try:
        LAST.astimezone(zoneinfo.ZoneInfo(zone))
        expected = LAST.astimezone(zoneinfo.ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M")
    except OverflowError:
        expected = "9999-12-31T23:59"  # on UTC's clock, which the staff member's cannot show
    assert f'name="expiry_date" value="{expected}"' in edit


@pytest.mark.parametrize("zone", [*REPORTED, "Asia/Tokyo"])
def test_a_moment_typed_past_the_calendar_in_utc_is_refused_and_kept(world, far_records, zone):
    choose_zone(world, zone)
    course = sandbox.Course.objects.get(school=world.upstream)
    person = factories.user(world.upstream)
    typed = {"activated_at": "0001-01-01T00:00", "expiry_date": "9999-12-31T23:59"}
    before = row_counts()

    answer = world.client.post(
        SCHOOL + "enrollments/new/", {"user_id": person.pk, "course_id": course.pk, **typed}
    )

    page = answer.content.decode()
    offset = {
        name: datetime.fromisoformat(value).replace(tzinfo=zoneinfo.ZoneInfo(zone)).utcoffset()
        for name, value in typed.items()
    }
    # Year 1 ahead of UTC, or 9999 behind it: before or after the calendar in UTC.
    past = [
        name
        for name, ahead in (("activated_at", True), ("expiry_date", False))
        if (offset[name] > timedelta(0) if ahead else offset[name] < timedelta(0))
    ]
    if past:
        assert answer.status_code == 422
        assert "before the year 1 or after 9999" in page
        assert row_counts() == before
        for name, value in typed.items():
            assert f'name="{name}" value="{value}"' in page
    else:  # Kiritimati: 10:29 behind UTC in year 1, 14 ahead in 9999, both in range
        assert answer.status_code in (200, 302)
        stored = sandbox.Enrollment.objects.get(user=person)
        assert stored.activated_at.year == 1 and stored.expiry_date.year == 9999


# -- Hypothesis: any day, any moment, any zone ---------------------------------------------

# A list's page and its CSV, where it has one.
CSV_OF = {route: f"{route}export.csv" for route in ROUTES if f"{route}export.csv" in ROUTES}
DATE_INPUT = re.compile(r'<input type="date" name="([^"]+)"')
_date_filters: dict[str, tuple[str, ...]] = {}


def date_filters(world) -> dict[str, tuple[str, ...]]:
    """Every page (of the school's, without ids) whose form has a day to type, with those
    inputs' names: found on the pages, so a new list's date filters are fuzzed too."""
    if not _date_filters:
        index_ready(world)  # some filters are only offered on the index's lists
        for route in ROUTES:
            if route.count("<") > 1 or route.endswith(".csv"):
                continue
            url = "/" + route.replace("<slug:school>", world.school.slug)
            names = tuple(sorted(set(DATE_INPUT.findall(body_of(world.client.get(url))))))
            if names:
                _date_filters[route] = names
    return _date_filters


def test_the_date_filters_are_found(world):
    found = date_filters(world)
    for route in ("orders/", "enrollments/", "history/", "activity/"):
        assert f"s/<slug:school>/{route}" in found, route
    assert "updated_on_or_before" in found["s/<slug:school>/enrollments/"]


def store_far_rows(world, data) -> None:
    """Index rows with drawn dates (year 1, 9999 or anywhere), for every list and CSV."""
    moments = st.one_of(st.none(), MOMENTS)
    n = data.draw(st.integers(min_value=1, max_value=4), label="rows")
    people = [
        {"thinkific_id": i, "full_name": f"Ada {i}", "email": f"a{i}@x.io", "created_at": when}
        for i, when in enumerate(data.draw(st.lists(moments, min_size=n, max_size=n)), start=1)
    ]
    storing.store(IndexedUser, world.school.pk, people)
    storing.store(
        IndexedOrder,
        world.school.pk,
        [
            {"thinkific_id": i, "user_name": f"Ada {i}", "created_at": data.draw(moments)}
            for i in range(1, n + 1)
        ],
    )
    fields = ("created_at", "updated_at", "activated_at", "expiry_date")
    storing.store(
        IndexedEnrollment,
        world.school.pk,
        [
            {"thinkific_id": i, **ENROLLMENT, **{f: data.draw(moments, label=f) for f in fields}}
            for i in range(1, n + 1)
        ],
    )
    storing.store(
        IndexedInstructor,
        world.school.pk,
        [{"thinkific_id": 1, "first_name": "Ada", "created_at": data.draw(moments)}],
    )


@FUZZ
@given(data=st.data())
def test_any_day_in_any_zone_on_every_lists_date_filters(world, data):
    index_ready(world)
    store_far_rows(world, data)
    choose_zone(world, data.draw(STAFF_ZONES, label="zone"))
    filters = date_filters(world)
    route = data.draw(st.sampled_from(sorted(filters)), label="route")
    names = filters[route]
    query = data.draw(st.dictionaries(st.sampled_from(names), DAY_TEXTS, min_size=1), label="q")
    url = "/" + route.replace("<slug:school>", world.school.slug)
    before = row_counts()

    page = timed(route, f"GET {url} {query}", lambda: world.client.get(url, query))
    fragment = {"HX-Request": "true"}
    timed(
        route, f"GET {url} {query} (htmx)", lambda: world.client.get(url, query, headers=fragment)
    )
    if route in CSV_OF:
        export = "/" + CSV_OF[route].replace("<slug:school>", world.school.slug)
        timed(CSV_OF[route], f"GET {export} {query}", lambda: world.client.get(export, query))

    assert row_counts() == before, "a GET wrote"
    if page.status_code == 200:
        text = body_of(page)
        for name, value in query.items():
            assert f'name="{name}" value="{escape(value)}"' in text, "the typed day was lost"


@FUZZ
@given(data=st.data())
def test_records_and_events_of_any_date_on_every_page_and_csv_in_any_zone(world, data):
    index_ready(world)
    store_far_rows(world, data)
    choose_zone(world, data.draw(STAFF_ZONES, label="zone"))
    created_at = data.draw(MOMENT_TEXTS, label="event created_at")
    envelope = {
        "id": data.draw(st.uuids()).hex,
        "resource": "order",
        "action": "created",
        "payload": {"id": 7, "created_at": created_at, "user": {"id": 1}},
        "created_at": created_at,
    }
    body = json.dumps(envelope).encode()
    assert timed("receiver", f"delivery {body!r}", lambda: deliver(world, body)).status_code == 200
    event = Event.objects.get(connection=world.school, event_id=envelope["id"])
    sort = data.draw(st.sampled_from(["", "created_at", "-created_at", "name", "-amount"]))
    query = {"q": data.draw(st.sampled_from(["", "ada", "a1"])), "sort": sort}

    pages = [f"{SCHOOL}{name}/" for name in ("users", "orders", "enrollments", "instructors")]
    pages += [f"{SCHOOL}activity/{event.pk}/", f"{SCHOOL}activity/", "/activity/", SCHOOL]
    pages += [f"/admin/webhooks/event/{event.pk}/change/", "/admin/webhooks/event/"]
    for url in pages:
        timed(url, f"GET {url} {query}", lambda u=url: world.client.get(u, query))
    for name, model in (
        ("users", IndexedUser),
        ("orders", IndexedOrder),
        ("enrollments", IndexedEnrollment),
    ):
        url = f"{SCHOOL}{name}/export.csv"
        read: dict[str, list] = {}
        timed(url, f"GET {url}", lambda u=url, kept=read: read_csv(world, u, kept))
        assert len(read["rows"]) == model.objects.filter(connection=world.school).count(), "cut"


def read_csv(world, url: str, kept: dict):
    """GET a CSV and read it to its end (inside `timed`, which times the reading too)."""
    answer = world.client.get(url)
    kept["rows"] = csv_rows(answer)
    return answer


MOMENT_INPUT = re.compile(r'<input type="datetime-local" name="([^"]+)"')
FILLED = re.compile(
    r'<input type="(?:text|number|hidden|search|email)" name="([^"]+)" value="([^"]*)"'
)


@pytest.fixture
def moment_forms(world, far_records):
    """The pages with a date and time to type, and what their forms hold already."""
    ids = {
        "school": world.school.slug,
        "enrollment_id": far_records["enrollment"].pk,
        "promotion_id": far_records["promotion"].pk,
        "user_id": far_records["user"].pk,
    }
    found = {}
    for route in ROUTES:
        names = re.findall(r"<(?:\w+:)?(\w+)>", route)
        if route.endswith(".csv") or not set(names) <= set(ids):
            continue
        url = "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(ids[m.group(1)]), route)
        page = body_of(world.client.get(url))
        moments = MOMENT_INPUT.findall(page)
        if moments:
            filled = {
                name: value for name, value in FILLED.findall(page) if name != "csrfmiddlewaretoken"
            }
            found[url] = (tuple(moments), filled)
    return found


def test_the_moment_inputs_are_found(moment_forms, far_records):
    enrollment, promotion = far_records["enrollment"].pk, far_records["promotion"].pk
    assert {
        f"{SCHOOL}enrollments/new/",
        f"{SCHOOL}enrollments/{enrollment}/edit/",
        f"{SCHOOL}promotions/new/",
        f"{SCHOOL}promotions/{promotion}/edit/",
        f"{SCHOOL}jobs/new/enroll/",
    } <= set(moment_forms)


@FUZZ
@given(data=st.data())
def test_any_moment_typed_in_any_zone(world, moment_forms, data):
    choose_zone(world, data.draw(STAFF_ZONES, label="zone"))
    for url, (names, filled) in sorted(moment_forms.items()):
        # The form as the record's far dates fill it, then sent with other moments.
        timed(url, f"GET {url}", lambda u=url: world.client.get(u))
        typed = {name: data.draw(LOCAL_MOMENT_TEXTS, label=f"{url} {name}") for name in names}
        body = {**filled, **typed}
        before = row_counts()

        answer = timed(
            url + " POST", f"POST {url} {body}", lambda u=url, b=body: world.client.post(u, b)
        )

        if answer.status_code >= 400:
            assert row_counts() == before, f"refused with {answer.status_code}, yet wrote"
        if answer.status_code == 422:  # the form again, with what was typed
            page = body_of(answer)
            for name, value in typed.items():
                assert f'name="{name}" value="{escape(value)}"' in page, "the typed time was lost"
