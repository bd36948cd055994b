"""The promotions' CSV: every page read live from Thinkific, 250 at a time, within a cap;
the list's search kept; a failure after the first page said in the file."""

import csv
import io

import pytest
from responses import matchers

from apps.core import listcsv
from tests.promotions.conftest import API, HTMX, promotion_json
from tests.users.conftest import page_json

PARIS = "Europe/Paris"


def promotions(first: int, count: int, **fields) -> list[dict]:
    return [promotion_json(id=n, name=f"Sale {n}", **fields) for n in range(first, first + count)]


def mock_pages(api, items: list[dict], *, total: int | None = None) -> None:
    """Thinkific's pages of `items`, 250 a page, each answered once."""
    total = len(items) if total is None else total
    for number, start in enumerate(range(0, max(len(items), 1), 250), start=1):
        api.get(
            f"{API}/promotions",
            match=[matchers.query_param_matcher({"page": str(number), "limit": "250"})],
            json=page_json(items[start : start + 250], page=number, total=total, limit=250),
        )


def lines_of(response) -> list[list[str]]:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def test_every_page_in_one_file_in_the_staff_time_zone(manager_client, api, settings):
    settings.TIME_ZONE = PARIS
    mock_pages(api, promotions(1, 600))

    response = manager_client.get("/s/baking/promotions/export.csv?page=3&limit=50")

    lines = lines_of(response)
    assert response["Content-Disposition"] == 'attachment; filename="baking-promotions.csv"'
    assert lines[0] == [
        "id",
        "name",
        "discount_type",
        "amount",
        "description",
        "starts_at",
        "expires_at",
        "duration",
        "coupons",
        "created_at",
    ]
    assert [line[0] for line in lines[1:]] == [str(n) for n in range(1, 601)]
    assert lines[1] == [
        "1",
        "Sale 1",
        "percentage",
        "25.0",
        "A quarter off.",
        "2025-03-01T09:00:00+01:00",  # 08:00 UTC, in Paris, with its offset
        "2025-04-01T10:00:00+02:00",  # summer time by April
        "",
        "2",
        "2025-02-01T10:00:00+01:00",
    ]
    assert len(api.calls) == 3  # 250 + 250 + 100, whatever the page size shown


def test_the_list_s_search_keeps_names_holding_every_word(manager_client, api):
    items = [
        promotion_json(id=1, name="Spring sale"),
        promotion_json(id=2, name="Winter SALE for spring"),
        promotion_json(id=3, name="Springtime"),
        promotion_json(id=4, name=None),
    ]
    mock_pages(api, items)

    lines = lines_of(manager_client.get("/s/baking/promotions/export.csv?q=sale+SPRING"))

    assert [line[1] for line in lines[1:]] == ["Spring sale", "Winter SALE for spring"]


def test_records_shifted_between_pages_come_once(manager_client, api):
    """A promotion made while the file is read pushes the last of page 1 onto page 2."""
    first, second = promotions(1, 250), promotions(250, 50)
    api.get(f"{API}/promotions", json=page_json(first, page=1, total=299, limit=250))
    api.get(f"{API}/promotions", json=page_json(second, page=2, total=299, limit=250))

    lines = lines_of(manager_client.get("/s/baking/promotions/export.csv"))

    assert [line[0] for line in lines[1:]] == [str(n) for n in range(1, 300)]


def test_more_pages_than_the_cap_are_refused_before_the_file(manager_client, api, monkeypatch):
    monkeypatch.setattr(listcsv, "MAX_PAGES", 2)
    mock_pages(api, promotions(1, 250), total=501)  # three pages

    response = manager_client.get("/s/baking/promotions/export.csv")

    assert response.status_code == 302 and response["Location"] == "/s/baking/promotions/"
    assert len(api.calls) == 1  # only the first page, which told the count
    api.get(f"{API}/promotions", json=page_json(promotions(1, 25)))
    api.get(f"{API}/products", json=page_json([]))
    page = manager_client.get(response["Location"]).content.decode()
    assert (
        "Thinkific has 501 promotions: too many for one CSV, which reads at most 500 live "
        "from Thinkific, 250 a request. Nothing was downloaded." in page
    )


def test_as_many_pages_as_the_cap_are_read_whole(manager_client, api, monkeypatch):
    monkeypatch.setattr(listcsv, "MAX_PAGES", 2)
    mock_pages(api, promotions(1, 500))

    lines = lines_of(manager_client.get("/s/baking/promotions/export.csv"))

    assert len(lines) == 501


def test_a_failure_after_the_first_page_ends_the_file_saying_so(manager_client, api, settings):
    settings.THINKIFIC_MAX_RETRY_WAIT = 0
    api.get(f"{API}/promotions", json=page_json(promotions(1, 250), total=400, limit=250))
    api.get(f"{API}/promotions", status=429, json={"error": "No"}, headers={"RateLimit-Reset": "7"})

    lines = lines_of(manager_client.get("/s/baking/promotions/export.csv"))

    assert len(lines) == 1 + 250 + 1
    assert lines[-1] == [
        "Incomplete: the file stops after 250 of 400 promotions, where Thinkific failed "
        "(The school's request budget is used up. Thinkific allows 120 requests a minute per "
        "school. Try again in 7 seconds.) Download it again."
    ]


@pytest.mark.parametrize(
    ("upstream", "status", "words"),
    [(401, 502, "Thinkific rejected the school"), (500, 502, "Thinkific answered with an error")],
)
def test_a_refused_first_page_is_the_error_page(
    manager_client, api, settings, upstream, status, words
):
    settings.THINKIFIC_MAX_RETRY_WAIT = 0
    api.get(f"{API}/promotions", status=upstream, json={"error": "No"})
    api.assert_all_requests_are_fired = False  # 5xx are retried

    response = manager_client.get("/s/baking/promotions/export.csv")

    assert response.status_code == status
    assert words in response.content.decode() and not response.streaming


def test_the_list_links_its_csv_with_its_filters_and_htmx_keeps_it_current(
    manager_client, api, products
):
    api.get(f"{API}/promotions", json=page_json(promotions(1, 3), page=2, total=53, limit=25))
    api.get(f"{API}/promotions", json=page_json(promotions(1, 3), page=2, total=53, limit=25))

    page = manager_client.get("/s/baking/promotions/?page=2&limit=25&q=sale").content.decode()
    fragment = manager_client.get("/s/baking/promotions/?page=2&q=sale", headers=HTMX)

    link = '<a class="button" id="csv-link" href="/s/baking/promotions/export.csv?q=sale"'
    assert page.count('id="csv-link"') == 1 and f"{link}>Download CSV</a>" in page
    fragment = fragment.content.decode()
    assert f'{link} hx-swap-oob="true">Download CSV</a>' in fragment
