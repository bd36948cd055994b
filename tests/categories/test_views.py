import pytest
from responses import matchers

from apps.history.models import Entry
from tests.categories.conftest import API, category_json, product_json
from tests.conftest import grant
from tests.resource_cases import ResourceViewCases
from tests.users.conftest import page_json

HTMX = {"HX-Request": "true"}
VARIANTS = pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
DEFAULT = category_json(id=1, name="All courses", slug="all", default=True, product_ids=[5])
SCHOOL_PRODUCTS = [
    product_json(id=5, name="Sourdough 101"),
    product_json(id=6, name="Rye and spelt"),
    product_json(id=7, name="Croissant lab", productable_type="Bundle"),
    product_json(id=8, name="Pastry basics"),
]


class TestCategoryViews(ResourceViewCases):
    resource = "categories"
    record_ids = ("3",)
    extra_pages = [
        ("get", "categories/3/products/", "view_categories"),
        ("get", "categories/3/products/add/", "change_categories"),
        ("post", "categories/3/products/add/", "change_categories"),
        ("get", "categories/3/products/7/remove/", "change_categories"),
        ("post", "categories/3/products/7/remove/", "change_categories"),
    ]
    list_api = "collections"
    valid_data = {"name": "Pastry", "description": "Flaky things.", "slug": "pastry"}
    rejected_field = "slug"


def test_list_page_and_fragment(manager_client, api):
    api.get(
        f"{API}/collections",
        match=[matchers.query_param_matcher({"page": "2", "limit": "50"})],
        json=page_json([DEFAULT, category_json()], page=2, total=60, limit=50),
    )

    page = manager_client.get("/s/baking/categories/?page=2&limit=50").content.decode()
    fragment = manager_client.get(
        "/s/baking/categories/?page=2&limit=50", headers=HTMX
    ).content.decode()

    assert "<html" in page and '<option value="50" selected>50</option>' in page
    assert "60 results · page 2 of 2" in page
    assert 'href="/s/baking/categories/3/?_changelist_filters=page%3D2%26limit%3D50"' in page
    assert "All courses" in page and ">Default</span>" in page
    assert "2 products" in page and "1 product<" in page
    assert page.count(">Default</span>") == 1
    # The default category's row has no Delete: only the other one's.
    assert "/s/baking/categories/3/delete/" in page
    assert "/s/baking/categories/1/delete/" not in page
    assert page.count("/delete/?_changelist_filters") == 2  # its href and hx-get, once
    assert "<html" not in fragment and "<form" not in fragment and "Bread" in fragment


def test_list_without_categories_says_so(manager_client, api):
    api.get(f"{API}/collections", json=page_json([]))

    page = manager_client.get("/s/baking/categories/").content.decode()

    assert "This school has no categories yet." in page


def test_detail_shows_the_category_and_loads_its_products_in_a_panel(manager_client, api):
    api.get(f"{API}/collections/3", json=category_json())

    page = manager_client.get("/s/baking/categories/3/").content.decode()

    for text in ("Bread", "bread", "Loaves, rolls and<br>flatbreads.", "Feb 1, 2024"):
        assert text in page
    assert 'hx-get="/s/baking/categories/3/products/" hx-trigger="load"' in page
    assert 'href="/s/baking/categories/3/edit/"' in page
    assert 'href="/s/baking/categories/3/delete/"' in page
    assert ">Default</span>" not in page


def test_the_default_category_is_marked_and_offers_no_delete(manager_client, api):
    api.get(f"{API}/collections/1", json=DEFAULT)

    page = manager_client.get("/s/baking/categories/1/").content.decode()

    assert '<span class="badge">Default</span>' in page
    assert "cannot be deleted from the portal" in page
    assert 'href="/s/baking/categories/1/edit/"' in page
    assert "/categories/1/delete/" not in page


@VARIANTS
def test_products_panel_lists_a_page_of_the_categorys_products(manager_client, api, headers):
    api.get(
        f"{API}/collections/3/products",
        match=[matchers.query_param_matcher({"page": "2", "limit": "25"})],
        json=page_json(
            [product_json(), product_json(id=6, name="Rye", status="draft", hidden=True)],
            page=2,
            total=27,
        ),
    )

    response = manager_client.get("/s/baking/categories/3/products/?page=2", headers=headers)

    page = response.content.decode()
    assert ("<html" in page) is (not headers)
    assert "Sourdough 101" in page and "Rye" in page and "Course" in page
    assert '<span class="badge warn">Draft</span> <span class="badge">Hidden</span>' in page
    assert 'Products <small class="muted">27</small>' in page
    assert 'href="/s/baking/categories/3/products/?page=1"' in page
    assert 'hx-target="#products"' in page
    assert 'href="/s/baking/categories/3/products/add/"' in page
    assert 'hx-get="/s/baking/categories/3/products/6/remove/"' in page


@pytest.mark.parametrize(
    ("number", "words"), [(1, "No products in this category yet."), (3, "Nothing on page 3.")]
)
def test_an_empty_products_panel_says_so(manager_client, api, number, words):
    api.get(f"{API}/collections/3/products", json=page_json([], page=number, total=50))

    response = manager_client.get(f"/s/baking/categories/3/products/?page={number}", headers=HTMX)

    assert words in response.content.decode()


def test_products_panel_names_products_by_a_link_once_the_products_pages_exist(
    manager_client, api, monkeypatch
):
    from apps.core import links

    api.get(f"{API}/collections/3/products", json=page_json([product_json()]))
    monkeypatch.setattr(links, "reverse", lambda name, args: f"/s/{args[0]}/products/{args[1]}/")

    page = manager_client.get("/s/baking/categories/3/products/", headers=HTMX).content.decode()

    assert '<a href="/s/baking/products/5/">Sourdough 101</a>' in page


def test_products_panel_without_change_permission_offers_no_changes(staff, client, api):
    client.force_login(grant(staff, "view_categories"))
    api.get(f"{API}/collections/3/products", json=page_json([product_json()]))

    page = client.get("/s/baking/categories/3/products/", headers=HTMX).content.decode()

    assert "Sourdough 101" in page
    assert "Remove" not in page and "Add products" not in page


def test_an_empty_category_says_so(manager_client, api):
    api.get(f"{API}/collections/3/products", json=page_json([]))

    page = manager_client.get("/s/baking/categories/3/products/", headers=HTMX).content.decode()

    assert "No products in this category yet." in page


def test_create_sends_name_description_and_slug(manager_client, api):
    api.post(
        f"{API}/collections",
        status=201,
        match=[
            matchers.json_params_matcher(
                {"name": "Pastry", "description": "Flaky things.", "slug": "pastry"}
            )
        ],
        json=category_json(id=9, name="Pastry"),
    )
    data = {"name": " Pastry ", "description": "Flaky things.", "slug": "pastry"}

    response = manager_client.post("/s/baking/categories/new/", data)

    assert response.status_code == 302
    assert response["Location"] == "/s/baking/categories/9/"


def test_the_form_suggests_the_slug_from_the_name(manager_client):
    page = manager_client.get("/s/baking/categories/new/").content.decode()

    assert 'data-slug-from="name"' in page
    for name in ("name", "description", "slug"):
        assert f'name="{name}"' in page


def test_the_edit_form_leaves_the_slug_alone(manager_client, api):
    api.get(f"{API}/collections/3", json=category_json())

    page = manager_client.get("/s/baking/categories/3/edit/").content.decode()

    assert "data-slug-from" not in page  # no suggestion: the slug is in public links
    assert "Changing it changes that address: links to the old one stop working." in page
    assert "suggested from the name" not in page


def test_a_new_name_keeps_the_slug_and_the_history_shows_only_the_name(manager_client, api):
    api.get(f"{API}/collections/3", json=category_json())
    # Thinkific wants the slug in every update: the record's own, unchanged.
    sent = {"name": "Bread and rolls", "description": "Loaves, rolls and\nflatbreads."}
    api.put(
        f"{API}/collections/3",
        status=204,
        match=[matchers.json_params_matcher(sent | {"slug": "bread"})],
    )

    response = manager_client.post("/s/baking/categories/3/edit/", sent | {"slug": "bread"})

    assert response.status_code == 302
    entry = Entry.objects.get()
    assert entry.changes == [["name", "Bread", "Bread and rolls"]]


@VARIANTS
def test_create_requires_what_thinkific_requires_and_checks_the_slug(manager_client, api, headers):
    data = {"name": "Pastry", "description": "", "slug": "Pastry Things"}

    response = manager_client.post("/s/baking/categories/new/", data, headers=headers)

    page = response.content.decode()
    assert response.status_code == 422
    assert len(api.calls) == 0
    assert "Lower-case letters, digits and single hyphens only, like baking-basics." in page
    assert 'id="id_description_error">This field is required.' in page
    assert 'value="Pastry Things"' in page


def test_edit_sends_name_description_and_slug_with_the_change(manager_client, api):
    api.get(f"{API}/collections/3", json=category_json())
    api.put(
        f"{API}/collections/3",
        status=204,
        match=[
            matchers.json_params_matcher(
                {"name": "Bread", "description": "Only loaves.", "slug": "bread"}
            )
        ],
    )
    data = {"name": "Bread", "description": "Only loaves.", "slug": "bread"}

    response = manager_client.post(
        "/s/baking/categories/3/edit/?_changelist_filters=page%3D2", data
    )

    assert response.status_code == 302
    assert response["Location"] == "/s/baking/categories/3/?_changelist_filters=page%3D2"


def test_edit_without_changes_makes_no_request(manager_client, api):
    category = category_json()
    api.get(f"{API}/collections/3", json=category)
    data = {name: category[name] for name in ("name", "description", "slug")}

    response = manager_client.post("/s/baking/categories/3/edit/", data, follow=True)

    assert "Nothing to save: no change to Bread." in response.content.decode()
    assert [c.request.method for c in api.calls] == ["GET", "GET"]


def test_edit_form_starts_from_the_category(manager_client, api):
    api.get(f"{API}/collections/3", json=category_json())

    page = manager_client.get("/s/baking/categories/3/edit/").content.decode()

    assert "Edit Bread" in page
    assert 'value="Bread"' in page and 'value="bread"' in page
    assert "Loaves, rolls and\nflatbreads.</textarea>" in page


def test_edit_cannot_blank_the_description(manager_client, api):
    api.get(f"{API}/collections/3", json=category_json())

    response = manager_client.post(
        "/s/baking/categories/3/edit/", {"name": "Bread", "description": "", "slug": "bread"}
    )

    assert response.status_code == 422
    assert [c.request.method for c in api.calls] == ["GET"]


@VARIANTS
def test_delete_confirmation_names_the_category(manager_client, api, headers):
    api.get(f"{API}/collections/3", json=category_json())

    page = manager_client.get("/s/baking/categories/3/delete/", headers=headers).content.decode()

    assert ("<html" in page) is (not headers)
    assert "Delete the category “Bread”?" in page
    assert "It holds 2 products. The products stay in the school" in page


def test_delete_deletes_and_returns_to_the_list(manager_client, api):
    api.get(f"{API}/collections/3", json=category_json())
    api.delete(f"{API}/collections/3", status=204)

    response = manager_client.post(
        "/s/baking/categories/3/delete/?_changelist_filters=page%3D2",
        {"name": "Bread"},
        headers=HTMX,
    )

    assert response["HX-Redirect"] == "/s/baking/categories/?page=2"
    assert [c.request.method for c in api.calls] == ["GET", "DELETE"]


@VARIANTS
@pytest.mark.parametrize("method", ["get", "post"])
def test_the_default_category_cannot_be_deleted(manager_client, api, headers, method):
    api.get(f"{API}/collections/1", json=DEFAULT)  # strict: a DELETE would fail the test

    response = getattr(manager_client, method)(
        "/s/baking/categories/1/delete/", {"name": "All courses"}, headers=headers
    )

    page = response.content.decode()
    assert response.status_code == 409
    assert ("<html" in page) is (not headers)
    assert "“All courses” is the school's default category and cannot be deleted." in page
    assert 'href="/s/baking/categories/1/"' in page
    assert "Yes, delete" not in page
    assert [c.request.method for c in api.calls] == ["GET"]


def _school_products(api):
    return api.get(
        f"{API}/products",
        match=[matchers.query_param_matcher({"page": "1", "limit": "250"})],
        json=page_json(SCHOOL_PRODUCTS, limit=250),
    )


def test_add_products_offers_the_schools_products_not_in_the_category(manager_client, api):
    api.get(f"{API}/collections/3", json=category_json())
    listing = _school_products(api)

    page = manager_client.get("/s/baking/categories/3/products/add/").content.decode()
    again = manager_client.get("/s/baking/categories/3/products/add/").content.decode()

    assert "Add products to Bread" in page
    assert 'name="product_ids" value="7"' in page and "Croissant lab" in page
    assert 'name="product_ids" value="8"' in page and "Pastry basics" in page
    assert 'value="5"' not in page and 'value="6"' not in page  # already in it
    assert 'data-filter-options="id_product_ids_options"' in page
    assert 'form="product-search"' in page
    assert "Croissant lab" in again and listing.call_count == 1  # the products are cached


def test_add_products_searches_by_name_without_javascript(manager_client, api):
    api.get(f"{API}/collections/3", json=category_json())
    _school_products(api)

    page = manager_client.get("/s/baking/categories/3/products/add/?q=PASTRY").content.decode()

    assert "Pastry basics" in page and "Croissant lab" not in page
    assert 'value="PASTRY"' in page


def test_add_products_when_every_product_is_in_the_category(manager_client, api):
    api.get(f"{API}/collections/3", json=category_json(product_ids=[5, 6, 7, 8]))
    _school_products(api)

    page = manager_client.get("/s/baking/categories/3/products/add/").content.decode()

    assert "Every product of the school is in this category already." in page
    assert "Add the products" not in page


def test_add_products_posts_the_ticked_ones_and_returns_to_the_category(manager_client, api):
    api.get(f"{API}/collections/3", json=category_json())
    _school_products(api)
    api.post(
        f"{API}/collection_memberships/3",
        status=201,
        match=[matchers.json_params_matcher({"product_ids": [7, 8]})],
    )

    response = manager_client.post(
        "/s/baking/categories/3/products/add/?_changelist_filters=page%3D2",
        {"product_ids": ["7", "8"]},
        follow=True,
    )

    assert response.redirect_chain[0][0] == "/s/baking/categories/3/?_changelist_filters=page%3D2"
    assert "Added 2 products to Bread." in response.content.decode()


@VARIANTS
@pytest.mark.parametrize("ticked", [[], ["5"], ["99"]], ids=["none", "already-in", "unknown"])
def test_add_products_checks_the_choice_locally(manager_client, api, headers, ticked):
    api.get(f"{API}/collections/3", json=category_json())
    _school_products(api)

    response = manager_client.post(
        "/s/baking/categories/3/products/add/", {"product_ids": ticked}, headers=headers
    )

    page = response.content.decode()
    assert response.status_code == 422
    assert page.lstrip().startswith("<form") is bool(headers)
    assert "Please choose the products to add." in page
    assert [c.request.method for c in api.calls] == ["GET", "GET"]


def test_add_products_shows_thinkifics_refusal_with_the_choice_kept(manager_client, api):
    api.get(f"{API}/collections/3", json=category_json())
    _school_products(api)
    api.post(
        f"{API}/collection_memberships/3",
        status=422,
        json={"errors": {"product_ids": ["is invalid"]}},
    )

    response = manager_client.post(
        "/s/baking/categories/3/products/add/", {"product_ids": ["7"]}, headers=HTMX
    )

    page = response.content.decode()
    assert response.status_code == 422
    assert "Products is invalid" in page
    assert 'value="7" id="id_product_ids_0" aria-invalid="true" checked>' in page


@VARIANTS
def test_remove_confirmation_names_the_product_and_the_category(manager_client, api, headers):
    api.get(f"{API}/collections/3", json=category_json())
    api.get(f"{API}/products/6", json=product_json(id=6, name="Rye and spelt"))

    page = manager_client.get(
        "/s/baking/categories/3/products/6/remove/", headers=headers
    ).content.decode()

    assert ("<html" in page) is (not headers)
    assert "Remove the product “Rye and spelt” from the category “Bread”?" in page
    assert "Yes, remove" in page
    assert 'name="name" value="Rye and spelt"' in page


def test_remove_takes_the_product_out_and_returns_to_the_category(manager_client, api):
    api.delete(
        f"{API}/collection_memberships/3",
        status=204,
        match=[matchers.json_params_matcher({"product_ids": [6]})],
    )

    response = manager_client.post(
        "/s/baking/categories/3/products/6/remove/", {"name": "Rye and spelt"}, headers=HTMX
    )

    assert response["HX-Redirect"] == "/s/baking/categories/3/"
    api.get(f"{API}/collections/3", json=category_json(product_ids=[5]))
    page = manager_client.get("/s/baking/categories/3/").content.decode()
    assert "Removed the product Rye and spelt from this category." in page
