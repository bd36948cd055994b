"""The search box of the lists Thinkific cannot search: categories, courses and products
from the names in the school's index (the page shown until it is ready), promotions,
which the index does not hold, among the page shown."""

import pytest
from responses import matchers

from apps.connections.models import Connection
from apps.index import storing
from apps.index.models import IndexedName
from tests.conftest import login_with
from tests.index.conftest import make_ready
from tests.users.conftest import API, page_json

HTMX = {"HX-Request": "true"}
VARIANTS = pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
# (list, kind in the index, Thinkific's path, a record of it)
LISTS = [
    ("categories", "category", "collections", {"product_ids": [], "default": False}),
    ("courses", "course", "courses", {"chapter_ids": [], "instructor_id": None}),
    ("products", "product", "products", {"productable_type": "Course", "product_prices": []}),
]
NAMES = ["Sourdough basics", "Rye and spelt", "Sour cherry tart"]


@pytest.fixture
def viewer(client, staff):
    views = ("view_categories", "view_courses", "view_products", "view_promotions")
    return login_with(client, staff, *views)


def store_names(school, kind: str, names):
    rows = [{"thinkific_id": 100 + n, "kind": kind, "name": name} for n, name in enumerate(names)]
    storing.store(IndexedName, school.pk, rows)


def live_page(items, **extra):
    return page_json([{"id": 200 + n, "name": name, **extra} for n, name in enumerate(items)])


@VARIANTS
@pytest.mark.parametrize(("name", "kind", "path", "extra"), LISTS, ids=[n[0] for n in LISTS])
def test_the_index_finds_any_part_of_a_name_in_the_whole_school(
    viewer, api, school, headers, name, kind, path, extra
):
    make_ready(school)
    store_names(school, kind, NAMES)
    other = Connection.objects.create(name="O", slug="o", subdomain="o", api_key="o" * 32)
    store_names(other, kind, ["Sourdough elsewhere"])

    page = viewer.get(f"/s/baking/{name}/?q=SOUR", headers=headers).content.decode()

    assert len(api.calls) == 0  # names only: nothing asked of Thinkific
    assert f'<a href="/s/baking/{name}/100/?_changelist_filters=q%3DSOUR">' in page
    assert "Sourdough basics</a>" in page and "Sour cherry tart</a>" in page
    assert "Rye and spelt" not in page and "elsewhere" not in page
    assert "2 results" in page and "From the portal's index of the school" in page
    if not headers:
        assert 'placeholder="Part of a name, in the whole school"' in page


@pytest.mark.parametrize(("name", "kind", "path", "extra"), LISTS, ids=[n[0] for n in LISTS])
def test_until_the_index_is_ready_the_page_shown_is_searched(
    viewer, api, school, name, kind, path, extra
):
    api.get(
        f"{API}/{path}",
        match=[matchers.query_param_matcher({"page": "2", "limit": "25"})],
        json={**live_page(NAMES, **extra), "meta": {"pagination": pagination(2, 3)}},
    )

    page = viewer.get(f"/s/baking/{name}/?q=sour&page=2").content.decode()

    assert "Sourdough basics</a>" in page and "Sour cherry tart</a>" in page
    assert "Rye and spelt" not in page
    assert "2 matches by name on page 2 of 3: the whole school is searched once" in page
    assert 'placeholder="Part of a name, on this page"' in page
    # The pager goes on to the other pages, the search with it; the list's count is left out.
    assert 'href="?q=sour&amp;page=3"' in page and "75 results" not in page


def test_promotions_are_searched_on_the_page_shown(viewer, api, school):
    make_ready(school)  # the index holds no promotions, ready or not
    api.get(f"{API}/promotions", json=live_page(["Spring sale", "Summer sale", "Autumn"]))
    api.get(f"{API}/products", json=page_json([]))

    page = viewer.get("/s/baking/promotions/?q=sale").content.decode()

    assert "Spring sale</a>" in page and "Summer sale</a>" in page and "Autumn" not in page
    assert "2 matches by name on page 1 of 1: Thinkific cannot search promotions" in page
    assert 'placeholder="Part of a name, on this page"' in page


def test_a_page_without_a_match_keeps_the_pager_to_the_next(viewer, api, school):
    api.get(
        f"{API}/promotions",
        json={**live_page(["Autumn"]), "meta": {"pagination": pagination(1, 2)}},
    )
    api.get(f"{API}/products", json=page_json([]))

    page = viewer.get("/s/baking/promotions/?q=sale").content.decode()

    assert "No promotions match these filters." in page
    assert 'rel="next" href="?q=sale&amp;page=2"' in page


def test_without_a_search_the_list_is_thinkifics_page(viewer, api, school):
    make_ready(school)
    api.get(f"{API}/collections", json=live_page(["Bread"], product_ids=[], default=False))

    page = viewer.get("/s/baking/categories/").content.decode()

    assert "Bread</a>" in page and "matches by name" not in page and "portal's index" not in page


def pagination(current: int, total: int) -> dict:
    return {
        "current_page": current,
        "next_page": current + 1 if current < total else None,
        "prev_page": current - 1 if current > 1 else None,
        "total_pages": total,
        "total_items": 25 * total,
    }
