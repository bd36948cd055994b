"""A staff member finds a student by part of a name, sorts, filters orders by buyer and
date and downloads the CSV of the filtered list, in a real browser."""

import csv
import re
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.index.models import IndexedOrder, IndexedUser
from tests.conftest import grant
from tests.e2e.conftest import ARTIFACTS
from tests.index.conftest import sync_all
from tests.users.sandbox import sandbox_school


@pytest.fixture
def school(live_server, settings):
    settings.THINKIFIC_RATE_LIMIT = 100_000
    school = sandbox_school(live_server, subdomain="browser-index", users=40, slug="academy")
    sync_all(school)
    return school


@pytest.fixture
def staff(login, school):
    user = login()
    school.members.add(user)
    return grant(user, "view_users", "view_orders", "view_enrollments")


@pytest.mark.django_db(transaction=True)
def test_search_sort_filter_orders_and_download_a_csv(page, live_server, school, staff):
    base = f"{live_server.url}/s/academy"
    person = IndexedUser.objects.filter(connection=school).exclude(last_name="").first()
    part = person.last_name[1:5].lower()
    expected = IndexedUser.objects.filter(connection=school, search__contains=part)

    page.goto(f"{base}/users/")
    expect(page.locator("#freshness")).to_contain_text("as of")
    page.get_by_label("Search").fill(part)
    expect(page).to_have_url(re.compile(rf"/users/\?q={part}\b"))
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(expected.count())
    expect(page.locator("#results")).to_contain_text(person.full_name)

    page.get_by_role("link", name="Email").click()
    expect(page).to_have_url(re.compile(rf"q={part}.*&sort=email$"))
    first = expected.order_by("email", "thinkific_id").first()
    expect(rows.first).to_contain_text(first.email)
    page.get_by_role("link", name="Email ▲").click()
    expect(page).to_have_url(re.compile(rf"q={part}.*&sort=-email$"))
    last = expected.order_by("-email", "-thinkific_id").first()
    expect(rows.first).to_contain_text(last.email)

    # Orders by a buyer, from a date on; then the CSV of exactly those.
    order = IndexedOrder.objects.filter(connection=school).exclude(user_name="").first()
    buyer = order.user_name.split()[-1]
    since = timezone.localtime(order.created_at - timedelta(days=1)).date()
    start = timezone.make_aware(datetime.combine(since, time.min))
    matching = IndexedOrder.objects.filter(
        connection=school, search__contains=buyer.lower(), created_at__gte=start
    )
    page.goto(f"{base}/orders/")
    page.get_by_label("Buyer").fill(buyer)
    page.get_by_label("Ordered from").fill(since.isoformat())
    expect(page.locator("#results tbody tr")).to_have_count(matching.count())
    expect(page.locator("#results")).to_contain_text(f"#{order.thinkific_id}")
    page.set_viewport_size({"width": 390, "height": 860})
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "index_orders_390.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 860})

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    path = download.value.path()
    with open(path, encoding="utf-8-sig", newline="") as file:
        lines = list(csv.DictReader(file))
    assert sorted(int(line["id"]) for line in lines) == sorted(
        matching.values_list("thinkific_id", flat=True)
    )
    assert download.value.suggested_filename == "academy-orders.csv"


@pytest.mark.django_db(transaction=True)
def test_a_phone_sorts_by_the_links_that_stand_for_the_headings(page, live_server, school, staff):
    people = IndexedUser.objects.filter(connection=school)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/s/academy/users/")
    sort_by = page.locator(".sort-by")
    expect(sort_by).to_be_visible()
    expect(page.locator("#results thead")).to_be_hidden()
    expect(sort_by.get_by_role("link", name="Name ▲")).to_have_attribute("aria-current", "true")

    sort_by.get_by_role("link", name="Email").click()
    expect(page).to_have_url(re.compile(r"/users/\?sort=email$"))
    rows = page.locator("#results tbody tr")
    expect(rows.first).to_contain_text(people.order_by("email", "thinkific_id").first().email)
    sort_by.get_by_role("link", name="Email ▲").click()
    expect(page).to_have_url(re.compile(r"/users/\?sort=-email$"))
    expect(rows.first).to_contain_text(people.order_by("-email", "-thinkific_id").first().email)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "index_users_sort_390.png", full_page=True)

    page.set_viewport_size({"width": 1280, "height": 860})
    expect(sort_by).to_be_hidden()
    expect(page.locator("#results thead")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "index_users_sort_1280.png", full_page=True)
