"""Every page under /s/<school>/ (found in the URLconf, so a new resource app is covered the
day it is routed), with any query string and any POST body: never a 500, never slower than
the bound, and a refused request changes no row."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.conftest import FUZZ, row_counts, timed

# Pages outside /s/<school>/ that take input too; streams are fuzzed by the feed's filters.
EXTRA_ROUTES = ["activity/", ""]
SKIP = re.compile(r"/stream/$")
PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")
FIELD_NAME = re.compile(r'name="([^"]+)"')

EDGES = st.sampled_from(
    ["", "0", "-1", "9999-12-31", "0001-01-01", "99999999999999999999", "1e999", "NaN",
     "\x00", "€", "\ud7ff", "[[[[", '{"a": NaN}', "a" * 3000, " ", "%00", "../", "<b>x</b>"]
)  # fmt: skip
VALUES = st.one_of(
    EDGES,
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.dates().map(str),
    st.floats().map(str),
)


def _walk(patterns, prefix: str = ""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def school_routes() -> list[str]:
    """Every route under s/<slug:school>/ in the URLconf, plus a few outside it."""
    found = [r for r in _walk(get_resolver().url_patterns) if r.startswith("s/<slug:school>/")]
    return sorted({*found, *EXTRA_ROUTES} - {r for r in found if SKIP.search(r)})


ROUTES = school_routes()


def url_for(route: str, world, data) -> str:
    def fill(match: re.Match) -> str:
        if match.group(2) == "school":
            return world.school.slug
        known = st.sampled_from(world.ids)
        huge = st.integers(min_value=0, max_value=2**70)
        return str(data.draw(st.one_of(known, huge), label=match.group(2)))

    return "/" + PARAMETER.sub(fill, route)


def field_names(world, route: str, url: str) -> tuple[str, ...]:
    """The input names of the route's page as first drawn: what its form sends."""
    if route not in world.names:
        response = world.client.get(url)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        html = content.decode("utf-8", "replace")
        found = set(FIELD_NAME.findall(html)) - {"csrfmiddlewaretoken"}
        world.names[route] = tuple(sorted(found)) or ("q",)
    return world.names[route]


def inputs(data, names):
    keys = st.one_of(st.sampled_from(names), st.text(min_size=1, max_size=12))
    return data.draw(st.dictionaries(keys, st.lists(VALUES, min_size=1, max_size=3), max_size=8))


def test_the_routes_are_found():
    assert "s/<slug:school>/users/" in ROUTES
    assert "s/<slug:school>/console/" in ROUTES


@pytest.mark.parametrize("route", ROUTES)
@FUZZ
@given(data=st.data())
def test_any_query_string(world, route, data):
    url = url_for(route, world, data)
    query = inputs(data, field_names(world, route, url))
    before = row_counts()
    for headers in ({}, {"HX-Request": "true"}):
        timed(
            route, f"GET {url} {query}", lambda h=headers: world.client.get(url, query, headers=h)
        )
    assert row_counts() == before, "a GET wrote"


@pytest.mark.parametrize("route", ROUTES)
@FUZZ
@given(data=st.data())
def test_any_post_body(world, route, data):
    url = url_for(route, world, data)
    body = inputs(data, field_names(world, route, url))
    before = row_counts()
    response = timed(route + " POST", f"POST {url} {body}", lambda: world.client.post(url, body))
    if response.status_code >= 400:
        assert row_counts() == before, f"refused with {response.status_code}, yet wrote"
