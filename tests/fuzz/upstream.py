"""Thinkific answering with odd but valid data, for every page built from what it sends.

Thinkific's OpenAPI types every id, count and amount as "number" (so 0, -7, 2**63 and 2.5
are all valid ids), puts no bound on a number or a string's length, marks no field
nullable yet leaves most out of `required`, and formats times as date-time (the years 1
and 9999 included). The fields and their kinds come from the records the portal's client
declares (`apps/thinkific/resources`), so a field declared tomorrow is fuzzed tomorrow:
an `int` is a number (an id when named `id` or `*_id`), a `Decimal` a number or a number
in a string (as the live API sends some), a `str` any text, a `datetime` any date-time,
and a field the record declares optional may be null or left out.

`FakeThinkific` answers every request of the client from these strategies, drawing as
each request comes (`responses` calls it), so one test input is a whole conversation.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import fields
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from urllib.parse import urlsplit

from hypothesis import strategies as st

from apps.thinkific.apis import ADMIN_API, WEBHOOKS_API
from apps.thinkific.client import ThinkificClient
from apps.thinkific.records import Record
from apps.thinkific.resources.products import Product
from apps.thinkific.resources.promotions import Promotion
from apps.thinkific.resources.users import Authentication

BIG = 2**63  # one past the largest signed 64-bit integer: the database's and the URLs' bound

ODD_IDS = st.one_of(
    st.sampled_from([0, -1, -(BIG), BIG - 1, BIG, 2**64, 10**20, 1.5, 0.5, -2.5, 7.0, 1e300]),
    st.integers(min_value=1, max_value=10**6),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=False, allow_infinity=False),
)
ODD_NUMBERS = st.one_of(
    st.sampled_from(
        [0, -1, 1, 100, 1000, 12345.678, 10**20, -(10**20), BIG, 1e300, -1e300, 1e-300, 0.1]
    ),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=False, allow_infinity=False),
)
LONG = 20_000  # characters: a bio or a description pasted whole
ODD_STRINGS = st.one_of(
    st.sampled_from(
        ["", " ", "\u200b", "é" * 300, "😀" * 50, "\u202eRTL", "a\nb\r\nc", "<b>x</b>", "x" * LONG]
    ),
    st.text(max_size=60),
)
EMAILS = st.one_of(st.emails(), st.sampled_from(["", "a@b", "ü@例え.jp", "x" * 240 + "@e.com"]))
FAR_DATES = st.one_of(
    st.sampled_from(
        [
            "0001-01-01T00:00:00Z",
            "0001-01-01T00:00:00.000Z",
            "9999-12-31T23:59:59Z",
            "9999-12-31T23:59:59.999999Z",
        ]
    ),
    st.datetimes(timezones=st.just(UTC)).map(lambda moment: moment.isoformat()),
)


def _is_id(name: str) -> bool:
    return name == "id" or name.endswith("_id")


@cache
def value_of(annotation: typing.Any, name: str) -> st.SearchStrategy:
    """Odd but valid JSON for a field of type `annotation` called `name`."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return st.one_of(st.none(), value_of(options[0], name))
    if origin in (tuple, list):
        (item, *_) = typing.get_args(annotation)
        return st.lists(value_of(item, name.removesuffix("s")), max_size=3)
    if annotation is dict or origin is dict:
        return st.dictionaries(st.text(max_size=8), ODD_STRINGS, max_size=3)
    if isinstance(annotation, type) and issubclass(annotation, Record):
        return record_of(annotation)
    if annotation is int:
        return ODD_IDS if _is_id(name) else ODD_NUMBERS
    if annotation is Decimal:
        return st.one_of(ODD_NUMBERS, ODD_NUMBERS.map(str))
    if annotation in (datetime, date):
        return FAR_DATES
    if annotation is bool:
        return st.booleans()
    if annotation is str:
        if _is_id(name):  # the Webhooks API's ids are strings
            return st.one_of(ODD_STRINGS, ODD_IDS.map(str))
        return EMAILS if name.endswith("email") else ODD_STRINGS
    raise TypeError(f"no strategy for {name}: {annotation!r}")


@cache
def record_of(record: type[Record]) -> st.SearchStrategy:
    """A JSON object of `record`: every field it declares, the optional ones sometimes
    null or left out."""
    hints = typing.get_type_hints(record)
    required, optional = {}, {}
    for field in fields(record):
        if field.name == "raw":
            continue
        strategy = value_of(hints[field.name], field.name)
        declared_optional = type(None) in typing.get_args(hints[field.name])
        (optional if declared_optional else required)[field.name] = strategy
    return st.fixed_dictionaries(required, optional=optional)


PAGINATION = st.fixed_dictionaries(
    {
        "current_page": st.sampled_from([1, 0, -1, 2, BIG]),
        "next_page": st.sampled_from([None, 2, 0, -1, BIG]),
        "prev_page": st.sampled_from([None, 1, 0, -5]),
        "total_pages": st.sampled_from([1, 0, 3, BIG]),
        "total_items": st.sampled_from([0, 1, 3, 10**9, BIG, -1]),
        "entries_info": ODD_STRINGS,
    }
)

# The records of paths that are not a resource of their own.
NESTED: dict[str, type[Record]] = {
    "related": Product,
    "by_coupon": Promotion,
    "authentications": Authentication,
}
NUMBER = re.compile(r"^-?[0-9]+$")


@cache
def records_by_path() -> dict[str, type[Record]]:
    """Each of Thinkific's collections (`users`, `chapters`, ...) and its record, as the
    client declares them."""
    found = {cls.path: cls.record for cls in ThinkificClient.resource_classes().values()}
    return {**found, **NESTED}


class FakeThinkific:
    """A `responses` callback answering any request the client makes, as Thinkific's
    contract allows, with values drawn from `data` (Hypothesis's `st.data()`)."""

    def __init__(self, data, *, items: st.SearchStrategy | None = None):
        self.data = data
        self.items = items or st.integers(min_value=0, max_value=4)
        self.calls: list[str] = []

    def __call__(self, request):
        url = urlsplit(request.url)
        self.calls.append(f"{request.method} {url.path}")
        webhooks = url.path.startswith(f"{WEBHOOKS_API}/")
        path = url.path.removeprefix(f"{WEBHOOKS_API}/").removeprefix(f"{ADMIN_API}/")
        segments = [segment for segment in path.split("/") if segment]
        method = request.method
        if method == "DELETE" or (method == "PUT" and not webhooks):
            return 204, {}, b""
        if segments[-1] == "analysts":
            if method != "GET":
                return 204, {}, b""
            ids = self.data.draw(st.lists(ODD_IDS, max_size=3), label="analysts")
            return self._json(200, {"group_analysts": ids})
        record = self._record_of(segments)
        if record is None:  # group_users, collection_memberships, transactions: no record
            return 204, {}, b""
        if segments[-1] == "bulk_create":
            return self._json(201, {"items": self._items(record, "bulk")})
        listing = (
            method == "GET"
            and segments[-1] in records_by_path()
            and (segments[-1] not in NESTED or segments[-1] == "related")
        )
        if listing and webhooks:
            meta = {"page": {"next_page": "", "has_next": False, "total_items": 1}}
            return self._json(200, {"items": self._items(record, path), "meta": meta})
        if listing:
            pagination = self.data.draw(PAGINATION, label=f"pagination {path}")
            body = {"items": self._items(record, path), "meta": {"pagination": pagination}}
            return self._json(200, body)
        answer = self.data.draw(record_of(record), label=f"{method} {path}")
        if method == "GET" and NUMBER.match(segments[-1]) and "id" in answer:
            answer["id"] = int(segments[-1])  # the record asked for, not another
        return self._json(201 if method == "POST" else 200, answer)

    def _items(self, record: type[Record], label: str) -> list:
        count = self.data.draw(self.items, label=f"count {label}")
        return [self.data.draw(record_of(record), label=label) for _ in range(count)]

    @staticmethod
    def _record_of(segments: list[str]) -> type[Record] | None:
        known = records_by_path()
        names = [segment for segment in segments if not NUMBER.match(segment)]
        if segments[-1] == "bulk_create":
            return known["coupons"]
        for name in reversed(names):
            if name in known:
                return known[name]
        return None

    @staticmethod
    def _json(status: int, body) -> tuple[int, dict, str]:
        import json

        return status, {"Content-Type": "application/json"}, json.dumps(body)
