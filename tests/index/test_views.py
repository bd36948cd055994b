"""The lists served from the index: search, sort, filters, a user's orders, CSV, and the
live pages while the index is not ready."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from apps.index import records, storing
from apps.index.models import IndexedEnrollment, IndexedOrder, IndexedUser, SchoolIndex
from tests.conftest import grant

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]
VIEW = ("view_users", "view_orders", "view_enrollments", "view_instructors")


@pytest.fixture
def browser(client, indexed_school):
    person = get_user_model().objects.create_user("idx", "idx@example.com", "pw-idx-123")
    indexed_school.members.add(person)
    client.force_login(grant(person, *VIEW))
    return client


def add_users(school, *names: str, **fields):
    rows = [
        {
            "thinkific_id": 900000 + n,
            "first_name": name.split()[0],
            "last_name": name.split()[-1],
            "full_name": name,
            "email": f"{name.split()[0].lower()}@example.com",
            "created_at": timezone.now() - timedelta(days=n),
            **fields,
        }
        for n, name in enumerate(names)
    ]
    storing.store(IndexedUser, school.pk, rows)


def test_part_of_a_name_finds_the_user_and_sort_orders_them(browser, indexed_school):
    add_users(indexed_school, "Emmanuelle Quartz", "Gemma Quarry", "Otto Stone")
    page = browser.get("/s/index/users/?q=QUAR&sort=-created_at").content.decode()
    assert "Emmanuelle Quartz" in page and "Gemma Quarry" in page and "Otto Stone" not in page
    assert page.index("Emmanuelle Quartz") < page.index("Gemma Quarry")  # newer first
    assert "as of less than a minute ago" in page
    page = browser.get("/s/index/users/?q=quar&sort=created_at").content.decode()
    assert page.index("Gemma Quarry") < page.index("Emmanuelle Quartz")
    # Two short terms, each anywhere: "em" in the name, "qu" in the surname.
    page = browser.get("/s/index/users/?q=em+qu").content.decode()
    assert "Gemma Quarry" in page and "Emmanuelle Quartz" in page
    assert 'aria-sort="ascending"' in page  # by name, the default


def sort_links(page: str) -> list[tuple[str, str, str]]:
    """The phone's "Sort by" links: (URL, aria-current, words) each."""
    links = re.search(r'<p class="sort-by">(.*?)</p>', page).group(1)
    pattern = r'<a class="button small" href="([^"]*)" hx-get="\1" hx-target="#results" '
    pattern += r'hx-push-url="true" aria-current="(true|false)">([^<]*)</a>'
    return re.findall(pattern, links)


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}], ids=["page", "fragment"])
def test_phones_sort_by_links_that_keep_the_filters(browser, indexed_school, headers):
    add_users(indexed_school, "Emmanuelle Quartz", "Gemma Quarry")
    page = browser.get("/s/index/users/?q=quar&sort=-email&page=2", headers=headers)

    assert sort_links(page.content.decode()) == [
        ("?q=quar&amp;sort=name", "false", "Name"),
        ("?q=quar&amp;sort=email", "true", "Email ▼"),  # the order in force, turned round
        ("?q=quar&amp;sort=created_at", "false", "Created"),
    ]


@pytest.mark.parametrize(
    ("url", "links"),
    [
        (
            "/s/index/orders/",
            [("?sort=created_at", "true", "Date ▼"), ("?sort=amount", "false", "Amount")],
        ),
        (
            "/s/index/enrollments/",
            [
                ("?sort=created_at", "true", "Created ▼"),
                ("?sort=user", "false", "User"),
                ("?sort=course", "false", "Course"),
            ],
        ),
        (
            "/s/index/instructors/",
            [("?sort=-name", "true", "Name ▲"), ("?sort=email", "false", "Email")],
        ),
    ],
    ids=["orders", "enrollments", "instructors"],
)
def test_every_indexed_list_offers_its_sort_keys(browser, url, links):
    assert sort_links(browser.get(url).content.decode()) == links


def test_search_never_reaches_another_school(browser, indexed_school, live_server):
    from apps.connections.models import Connection

    other = Connection.objects.create(
        name="Other",
        slug="other",
        subdomain="other",
        api_key="k" * 32,
        api_base_url=live_server.url + "/sandbox",
    )
    add_users(other, "Zebulon Xylophone")
    page = browser.get("/s/index/users/?q=xylo").content.decode()
    assert "Zebulon" not in page and "No users match these filters" in page
    assert browser.get("/s/other/users/?q=xylo").status_code == 404


def test_bad_sort_and_filters_fall_back_without_an_error(browser):
    answer = browser.get("/s/index/orders/?sort=;drop&amount_min=abc&created_from=nope")
    assert answer.status_code == 200
    assert "Amount at least ($): Enter a number." in answer.content.decode()


def test_orders_filter_by_buyer_date_and_amount(browser, indexed_school):
    buyer = IndexedUser.objects.filter(connection=indexed_school).first()
    today = timezone.now()
    rows = [
        records.order_from_event(
            {
                "id": 800001 + n,
                "amount_cents": cents,
                "status": "Complete",
                "product_name": "Sourdough",
                "created_at": when.isoformat(),
                "user": {
                    "id": buyer.thinkific_id,
                    "email": "quincy@example.com",
                    "first_name": "Quincy",
                    "last_name": "Jonesworth",
                },
            }
        )
        for n, (cents, when) in enumerate(
            [(1000, today), (5000, today), (9000, today - timedelta(days=40))]
        )
    ]
    storing.store(IndexedOrder, indexed_school.pk, rows)
    since = (today - timedelta(days=7)).date().isoformat()
    page = browser.get(f"/s/index/orders/?q=jonesworth&created_from={since}").content.decode()
    assert "#800001" in page and "#800002" in page and "#800003" not in page
    page = browser.get("/s/index/orders/?q=jonesworth&amount_min=20&sort=-amount").content.decode()
    assert page.index("#800003") < page.index("#800002") and "#800001" not in page


def test_a_user_s_orders_come_at_once_without_a_scan(browser, indexed_school, caplog):
    order = IndexedOrder.objects.filter(connection=indexed_school).exclude(user_id=None).first()
    caplog.set_level("INFO", logger="apps.thinkific.client")
    page = browser.get(f"/s/index/users/{order.user_id}/orders/", headers={"HX-Request": "true"})
    assert f"#{order.thinkific_id}" in page.content.decode()
    assert not [r for r in caplog.records if "/orders" in r.getMessage()]  # no call at all
    expected = IndexedOrder.objects.filter(connection=indexed_school, user_id=order.user_id)
    assert f"{expected.count()} result" in page.content.decode()


def test_the_csv_holds_the_filtered_rows(browser, indexed_school):
    add_users(indexed_school, "Ann Formula", "Bob Formula", company="=HYPERLINK(1)")
    answer = browser.get("/s/index/users/export.csv?q=formula&sort=-name")
    assert answer["Content-Type"].startswith("text/csv")
    assert answer.streaming
    text = b"".join(answer.streaming_content).decode("utf-8-sig")
    lines = list(csv.DictReader(io.StringIO(text)))
    assert [line["first_name"] for line in lines] == ["Bob", "Ann"]
    assert lines[0]["company"] == "'=HYPERLINK(1)"  # never a formula in a spreadsheet
    answer = browser.get("/s/index/enrollments/export.csv")
    enrollments = list(
        csv.DictReader(io.StringIO(b"".join(answer.streaming_content).decode("utf-8-sig")))
    )
    assert len(enrollments) == IndexedEnrollment.objects.filter(connection=indexed_school).count()


def test_a_school_whose_index_is_not_ready_gets_the_live_pages(browser, indexed_school):
    SchoolIndex.objects.filter(connection=indexed_school).update(
        ready_at=None, lease_until=timezone.now() + timedelta(minutes=5)
    )
    page = browser.get("/s/index/users/?q=anything").content.decode()
    assert "Live from Thinkific" in page and "they were left out" in page
    assert 'class="sort-by"' not in page and "aria-sort" not in page
    answer = browser.get("/s/index/orders/export.csv")
    assert answer.status_code == 302 and answer["Location"] == "/s/index/orders/"


def test_the_api_s_own_filters_work_alongside_the_search(browser, indexed_school):
    from apps.connections.services import client_for

    groups = client_for(indexed_school).groups.list(limit=250).items
    group, members = next(
        (g, ids)
        for g in groups
        if (ids := {u.id for u in client_for(indexed_school).users.all(group_id=g.id)})
    )
    page = browser.get(f"/s/index/users/?group_id={group.id}&sort=-email").content.decode()
    shown = IndexedUser.objects.filter(connection=indexed_school, thinkific_id__in=members)
    assert f"{shown.count()} result" in page
    for person in shown:
        assert person.email in page
    outsider = (
        IndexedUser.objects.filter(connection=indexed_school)
        .exclude(thinkific_id__in=members)
        .first()
    )
    assert outsider.email not in page


def test_enrollments_are_found_by_course_and_user_names(browser, indexed_school):
    enrollment = IndexedEnrollment.objects.filter(connection=indexed_school).first()
    word = enrollment.course_name.split()[0][:5]
    surname = enrollment.user_name.split()[-1][:4]
    page = browser.get(f"/s/index/enrollments/?q={word}+{surname}&sort=user").content.decode()
    expected = IndexedEnrollment.objects.filter(
        connection=indexed_school,
        search__contains=word.lower(),
    ).filter(search__contains=surname.lower())
    assert f"{expected.count()} result" in page
    assert enrollment.user_email in page


def test_instructors_and_the_user_picker_search_any_part_of_a_name(browser, indexed_school):
    from apps.index.models import IndexedInstructor

    instructor = IndexedInstructor.objects.filter(connection=indexed_school).first()
    part = instructor.last_name[1:5]
    page = browser.get(f"/s/index/instructors/?q={part}").content.decode()
    assert instructor.name in page
    user = browser.get("/s/index/").wsgi_request.user
    grant(user, "add_instructors")
    person = IndexedUser.objects.filter(connection=indexed_school).first()
    answer = browser.get(f"/s/index/instructors/users/?user_email={person.first_name[:4]}")
    assert person.email in answer.content.decode()
