import pytest
from responses import matchers

from tests.conftest import grant
from tests.products.conftest import API, collection_json, price_json, product_json
from tests.resource_cases import ResourceViewCases
from tests.users.conftest import page_json

HTMX = {"HX-Request": "true"}


class TestProductViews(ResourceViewCases):
    resource = "products"
    record_ids = ("70",)
    extra_pages = [
        ("get", "products/70/categories/", "view_products"),
        ("get", "products/70/related/", "view_products"),
    ]


def test_list_page_and_fragment(viewer_client, api):
    bundle = product_json(
        id=72,
        name="Bread Bundle",
        productable_type="Bundle",
        productable_id=9,
        status="draft",
        hidden=True,
        private=True,
        product_prices=[price_json(price="120.5", currency="CAD")],
    )
    api.get(
        f"{API}/products",
        match=[matchers.query_param_matcher({"page": "2", "limit": "50"})],
        json=page_json([product_json(), bundle], page=2, total=60, limit=50),
    )

    page = viewer_client.get("/s/baking/products/?page=2&limit=50").content.decode()
    fragment = viewer_client.get(
        "/s/baking/products/?page=2&limit=50", headers=HTMX
    ).content.decode()

    assert "<html" in page and '<option value="50" selected>50</option>' in page
    assert "60 results · page 2 of 2" in page
    assert 'href="/s/baking/products/70/?_changelist_filters=page%3D2%26limit%3D50"' in page
    assert '<a href="/s/baking/courses/7/">Course #7</a>' in page and "Bundle #9" in page
    assert "$29.00" in page and "CA$120.50" in page
    assert '<span class="badge ok">Published</span>' in page
    assert '<span class="badge warn">Draft</span>' in page
    assert ">Hidden</span>" in page and ">Private</span>" in page
    assert "Paul Hollywood" in page
    assert "<html" not in fragment and "<form" not in fragment and "Bread Bundle" in fragment


@pytest.mark.parametrize(
    ("prices", "shown"),
    [
        ([], "$29.00"),  # the product's own price, in the school's currency
        ([price_json(payment_type="free", price="0.0")], "Free"),
        ([price_json(price="1999", currency="SEK")], "1,999.00 SEK"),
        ([price_json(is_primary=False, price="5"), price_json(price="7", currency="GBP")], "£7.00"),
    ],
)
def test_the_list_shows_the_primary_price(viewer_client, api, prices, shown):
    api.get(f"{API}/products", json=page_json([product_json(product_prices=prices)]))

    page = viewer_client.get("/s/baking/products/", headers=HTMX).content.decode()

    assert f'<td class="nowrap">{shown}</td>' in page


def test_course_links_need_the_courses_permission(staff, client, api):
    client.force_login(grant(staff, "view_products"))
    api.get(f"{API}/products", json=page_json([product_json()]))

    page = client.get("/s/baking/products/").content.decode()

    assert "Course #7" in page and "/s/baking/courses/7/" not in page


def test_detail_shows_the_product_its_prices_and_its_panels(viewer_client, api):
    prices = [
        price_json(),
        price_json(
            id=82,
            is_primary=False,
            payment_type="subscription",
            label="Monthly",
            price_name="Sourdough Basics - Monthly",
            price="9.5",
            interval="month",
            interval_count="2",
            trial_interval="day",
            trial_interval_count="7",
        ),
    ]
    api.get(f"{API}/products/70", json=product_json(product_prices=prices))

    page = viewer_client.get("/s/baking/products/70/").content.decode()

    assert "<h1>Sourdough Basics" in page and "Learn sourdough" in page
    assert '<a class="button" href="/s/baking/courses/7/">Open the course</a>' in page
    assert "Sourdough Basics <span" in page and '<span class="badge ok">Primary</span>' in page
    assert "Sourdough Basics - Monthly" in page and "Subscription" in page
    assert "$9.50" in page and "every 2 months, 7 days free trial" in page
    assert "One-time payment" in page and "$29.00" in page
    assert 'hx-get="/s/baking/products/70/categories/" hx-trigger="load"' in page
    assert 'hx-get="/s/baking/products/70/related/" hx-trigger="load"' in page
    assert "Edit" not in page and "Delete" not in page  # read-only


def test_a_bundle_has_no_course_to_open(viewer_client, api):
    api.get(f"{API}/products/72", json=product_json(id=72, productable_type="Bundle"))

    page = viewer_client.get("/s/baking/products/72/").content.decode()

    assert "Open the course" not in page and "Bundle #7" in page


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
def test_a_product_thinkific_does_not_have_is_not_found(viewer_client, api, headers):
    api.get(f"{API}/products/99", status=404, json={"error": "Record not found"})

    response = viewer_client.get("/s/baking/products/99/", headers=headers)

    assert response.status_code == 404
    assert "Not found on Thinkific" in response.content.decode()


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
def test_categories_panel_lists_the_categories_holding_the_product(viewer_client, api, headers):
    api.get(
        f"{API}/collections",
        match=[matchers.query_param_matcher({"page": "1", "limit": "250"})],
        json=page_json(
            [
                collection_json(id=1, name="All courses", default=True, product_ids=[70]),
                collection_json(id=4, name="Cakes", product_ids=[71]),
                collection_json(),
            ]
        ),
    )

    page = viewer_client.get("/s/baking/products/70/categories/", headers=headers).content.decode()

    assert ("<html" in page) is (not headers)
    assert page.lstrip().startswith("<h2") is bool(headers)
    assert 'Categories <small class="muted">2</small>' in page
    assert "All courses" in page and '<span class="badge">Default</span>' in page
    assert "Bread" in page and "Cakes" not in page


def test_a_product_in_no_category_says_so(viewer_client, api):
    api.get(f"{API}/collections", json=page_json([collection_json(product_ids=[])]))

    page = viewer_client.get("/s/baking/products/70/categories/", headers=HTMX).content.decode()

    assert "In no category." in page


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
def test_related_panel_pages_through_the_related_products(viewer_client, api, headers):
    api.get(
        f"{API}/products/70/related",
        match=[matchers.query_param_matcher({"page": "2", "limit": "25"})],
        json=page_json([product_json(id=71, name="Rye Loaves")], page=2, total=30),
    )

    page = viewer_client.get(
        "/s/baking/products/70/related/?page=2", headers=headers
    ).content.decode()

    assert ("<html" in page) is (not headers)
    assert '<a href="/s/baking/products/71/">Rye Loaves</a>' in page
    assert 'hx-get="/s/baking/products/70/related/?page=1" hx-target="#related"' in page


def test_a_product_without_related_products_says_so(viewer_client, api):
    api.get(f"{API}/products/70/related", json=page_json([]))

    page = viewer_client.get("/s/baking/products/70/related/", headers=HTMX).content.decode()

    assert "No related products" in page
