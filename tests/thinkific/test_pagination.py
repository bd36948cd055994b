import pytest

from apps.thinkific import errors
from apps.thinkific.pagination import CursorPage, Page
from tests.thinkific.conftest import envelope


def ident(item):
    return item["id"]


def test_page_mirrors_thinkifics_pagination_meta():
    page = Page.from_api(
        {
            "meta": {
                "pagination": {
                    "current_page": "2",
                    "next_page": 3,
                    "prev_page": 1,
                    "total_pages": 5,
                    "total_items": "101",
                    "entries_info": "26-50 of 101",
                }
            }
        },
        ["a", "b"],
    )

    assert (page.current_page, page.next_page, page.prev_page) == (2, 3, 1)
    assert (page.total_pages, page.total_items, page.entries_info) == (5, 101, "26-50 of 101")
    assert list(page) == ["a", "b"]
    assert len(page) == 2


def test_page_without_meta_describes_what_it_holds():
    page = Page.from_api({"items": []}, ["a"], page=4)

    assert (page.current_page, page.next_page, page.prev_page) == (4, None, None)
    assert (page.total_pages, page.total_items) == (1, 1)


def test_cursor_page_ends_when_has_next_is_false_even_with_a_cursor():
    page = CursorPage.from_api(
        {"meta": {"page": {"has_next": False, "next_page": "123", "total_items": 9}}}, ["a"]
    )

    assert page.next_cursor is None
    assert not page.has_next
    assert page.total_items == 9


@pytest.mark.parametrize(
    ("meta", "cursor"),
    [
        ({"has_next": True, "next_page": "20190807141006328188121"}, "20190807141006328188121"),
        ({"has_next": "true", "next_page": "c2"}, "c2"),
        ({"next_page": "c3"}, "c3"),  # no has_next: the cursor says it
        ({"has_next": True, "next_page": ""}, None),
        ({"has_next": "false", "next_page": "c4"}, None),
        ({}, None),
    ],
)
def test_cursor_page_next_cursor(meta, cursor):
    page = CursorPage.from_api({"meta": {"page": meta}}, [])

    assert page.next_cursor == cursor
    assert page.has_next is (cursor is not None)


def test_page_sends_page_and_limit_and_builds_records(api, client):
    api.expect(
        "GET",
        "/things",
        query={"page": 2, "limit": 10, "query[x]": "y"},
        json=envelope([{"id": 1}, {"id": 2}, "junk"], page=2, next_page=3, total_pages=3),
    )

    page = client.page("things", ident, page=2, limit=10, params={"query[x]": "y"})

    assert page.items == [1, 2]
    assert page.next_page == 3


@pytest.mark.parametrize(("asked", "sent"), [(1000, 250), (0, 1), (-5, 1)])
def test_page_keeps_limit_within_what_thinkific_takes(api, client, asked, sent):
    api.expect("GET", "/things", query={"page": 1, "limit": sent}, json=envelope([]))

    client.page("things", ident, limit=asked)


@pytest.mark.parametrize("body", [[{"id": 1}], {"meta": {}}, {"items": "none"}])
def test_a_list_answer_without_its_envelope_is_a_bad_response(api, client, body):
    api.expect("GET", "/things", query={"page": 1, "limit": 25}, json=body)

    with pytest.raises(errors.BadResponseError):
        client.page("things", ident)


def test_iterate_walks_every_page_250_at_a_time_lazily(api, client):
    first = api.expect(
        "GET",
        "/things",
        query={"page": 1, "limit": 250, "query[a]": "b"},
        json=envelope([{"id": i} for i in range(250)], next_page=2, total_pages=3),
    )
    api.expect(
        "GET",
        "/things",
        query={"page": 2, "limit": 250, "query[a]": "b"},
        json=envelope([{"id": i} for i in range(250, 500)], page=2, next_page=3, total_pages=3),
    )
    api.expect(
        "GET",
        "/things",
        query={"page": 3, "limit": 250, "query[a]": "b"},
        json=envelope([{"id": 500}], page=3, next_page=None, total_pages=3),
    )

    items = client.iterate("things", ident, params={"query[a]": "b"})
    assert next(items) == 0
    assert first.call_count == 1 and len(api.requests) == 1  # one page at a time

    assert [0, *items] == list(range(501))
    assert len(api.requests) == 3


@pytest.mark.parametrize("next_page", [1, None])
def test_iterate_stops_on_a_page_that_does_not_move_forward(api, client, next_page):
    api.expect(
        "GET",
        "/things",
        query={"page": 1, "limit": 250},
        json=envelope([{"id": 1}], next_page=next_page),
    )

    assert list(client.iterate("things", ident)) == [1]


def test_iterate_stops_on_an_empty_page(api, client):
    api.expect("GET", "/things", query={"page": 1, "limit": 250}, json=envelope([], next_page=2))

    assert list(client.iterate("things", ident)) == []


def cursor_answer(ids, cursor):
    return {
        "items": [{"id": i} for i in ids],
        "meta": {"page": {"has_next": bool(cursor), "next_page": cursor or "", "page_items": 2}},
    }


def test_cursor_page_asks_the_webhooks_api_with_limit_and_cursor(api, client):
    api.expect("GET", "/hooks", v2=True, query={"limit": 2}, json=cursor_answer([1, 2], "c1"))
    api.expect(
        "GET", "/hooks", v2=True, query={"limit": 2, "next": "c1"}, json=cursor_answer([3], None)
    )

    first = client.cursor_page("hooks", ident, limit=2)
    second = client.cursor_page("hooks", ident, limit=2, cursor=first.next_cursor)

    assert (first.items, first.next_cursor) == ([1, 2], "c1")
    assert (second.items, second.next_cursor) == ([3], None)


def test_iterate_cursor_follows_cursors_and_stops_on_a_repeated_one(api, client):
    api.expect("GET", "/hooks", v2=True, query={"limit": 250}, json=cursor_answer([1], "c1"))
    api.expect(
        "GET", "/hooks", v2=True, query={"limit": 250, "next": "c1"}, json=cursor_answer([2], "c2")
    )
    api.expect(
        "GET", "/hooks", v2=True, query={"limit": 250, "next": "c2"}, json=cursor_answer([3], "c1")
    )

    assert list(client.iterate_cursor("hooks", ident)) == [1, 2, 3]
