import re

import pytest
from responses import matchers

from apps.history.models import Entry
from tests.conftest import grant
from tests.promotions.conftest import API, HTMX, PRODUCTS, product_json, promotion_json
from tests.resource_cases import ResourceViewCases
from tests.users.conftest import page_json

PARIS = "Europe/Paris"  # UTC+2 in May: what staff type is not what Thinkific gets


class TestPromotionViews(ResourceViewCases):
    resource = "promotions"
    record_ids = ("5",)
    extra_pages = [
        ("get", "promotions/by-coupon/?product_id=7&coupon_code=A", "view_promotions"),
        ("get", "promotions/export.csv", "view_promotions"),
    ]
    valid_data = {
        "name": "Summer sale",
        "discount_type": "percentage",
        "amount": "25",
        "description": "Sun is out",
        "starts_at": "2025-06-01T09:00",
        "applies_to": "every",
    }

    def mock_form_reads(self, api):
        api.get(f"{API}/products", json=page_json(PRODUCTS))

    def mock_list_reads(self, api):
        api.get(f"{API}/products", json=page_json(PRODUCTS))


def test_list_page_shows_amounts_and_the_lookup(manager_client, api, products):
    api.get(
        f"{API}/promotions",
        match=[matchers.query_param_matcher({"page": "1", "limit": "25"})],
        json=page_json(
            [
                promotion_json(),
                promotion_json(id=6, name="Flat", discount_type="fixed", amount="29.0"),
            ]
        ),
    )

    page = manager_client.get("/s/baking/promotions/").content.decode()

    assert "<html" in page
    assert "25%" in page and "$29.00" in page
    assert 'href="/s/baking/promotions/5/"' in page
    assert 'href="/s/baking/promotions/5/edit/"' in page
    assert 'hx-get="/s/baking/promotions/6/delete/" hx-target="#confirm-slot"' in page
    assert "Which promotion does a coupon code unlock for a product?" in page
    assert '<option value="8">Croissant masterclass</option>' in page


def test_list_fragment_reads_the_products_only_once(manager_client, api, products):
    api.get(f"{API}/promotions", json=page_json([promotion_json()], page=2, total=30))
    api.get(f"{API}/promotions", json=page_json([promotion_json()], page=2, total=30))

    manager_client.get("/s/baking/promotions/")
    fragment = manager_client.get("/s/baking/promotions/?page=2", headers=HTMX).content.decode()

    assert "<html" not in fragment and "Spring sale" in fragment and "25%" in fragment
    assert [call.request.url.split("?")[0] for call in api.calls].count(f"{API}/products") == 1


def test_detail_shows_the_promotion_in_the_staff_time_zone(manager_client, api, products, settings):
    settings.TIME_ZONE = PARIS
    api.get(f"{API}/promotions/5", json=promotion_json(duration=3))

    page = manager_client.get("/s/baking/promotions/5/").content.decode()

    assert "Spring sale" in page and "25%" in page and "A quarter off." in page
    assert "Mar 1, 2025, 09:00" in page  # 08:00 UTC is 09:00 in Paris in March
    assert "3 billing periods" in page
    assert "Thinkific does not report which products a promotion applies to" in page
    assert (
        '<div id="coupon-results" class="results" hx-get="/s/baking/promotions/5/coupons/"' in page
    )
    assert 'href="/s/baking/promotions/5/coupons/new/"' in page
    assert 'href="/s/baking/promotions/5/coupons/bulk/"' in page


def test_detail_names_the_products_when_thinkific_reports_them(manager_client, api, products):
    api.get(f"{API}/promotions/5", json=promotion_json(product_ids=[8, 99]))

    page = manager_client.get("/s/baking/promotions/5/").content.decode()

    assert "Croissant masterclass" in page and "#99" in page
    assert "Sourdough basics" not in page
    assert "does not report" not in page


def test_detail_says_every_product_for_an_empty_list(manager_client, api, products):
    api.get(f"{API}/promotions/5", json=promotion_json(product_ids=[]))

    page = manager_client.get("/s/baking/promotions/5/").content.decode()

    assert "Every product of the school." in page


def test_detail_without_add_coupons_offers_no_coupon_links(staff, client, api, products):
    client.force_login(grant(staff, "view_promotions", "view_coupons"))
    api.get(f"{API}/promotions/5", json=promotion_json())

    page = client.get("/s/baking/promotions/5/").content.decode()

    assert "coupons/bulk/" not in page and "coupons/new/" not in page
    assert (
        '<div id="coupon-results" class="results" hx-get="/s/baking/promotions/5/coupons/"' in page
    )


def test_create_sends_utc_iso_times_from_the_staff_time_zone(
    manager_client, api, products, settings
):
    settings.TIME_ZONE = PARIS
    api.post(
        f"{API}/promotions",
        status=201,
        match=[
            matchers.json_params_matcher(
                {
                    "name": "Summer sale",
                    "discount_type": "fixed",
                    "amount": 29.5,
                    "starts_at": "2025-06-01T07:00:00Z",
                    "expires_at": "2025-06-30T21:59:00Z",
                    "product_ids": [7, 8],
                    "duration": 2,
                }
            )
        ],
        json=promotion_json(id=9, name="Summer sale"),
    )
    data = {
        "name": "Summer sale",
        "discount_type": "fixed",
        "amount": "29.50",
        "starts_at": "2025-06-01T09:00",
        "expires_at": "2025-06-30T23:59",
        "applies_to": "ticked",
        "product_ids": ["7", "8"],
        "duration": "2",
    }

    response = manager_client.post("/s/baking/promotions/new/", data)

    assert response.status_code == 302
    assert response["Location"] == "/s/baking/promotions/9/"


def test_create_without_products_applies_to_every_product(manager_client, api, products):
    api.post(
        f"{API}/promotions",
        status=201,
        match=[
            matchers.json_params_matcher(
                {"name": "All", "discount_type": "percentage", "amount": 10}
            )
        ],
        json=promotion_json(id=9),
    )

    page = manager_client.get("/s/baking/promotions/new/").content.decode()
    response = manager_client.post(
        "/s/baking/promotions/new/",
        {"name": "All", "discount_type": "percentage", "amount": "10", "applies_to": "every"},
    )

    assert re.search(r'value="every"[^>]* checked', page)  # a new one: every product
    assert 'type="datetime-local"' in page and "In your time zone, UTC." in page
    assert "For subscription and payment-plan products only" in page
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("kind", "amount", "message"),
    [
        ("percentage", "120", "A percentage is more than 0 and at most 100, like 25."),
        ("percentage", "0", "A percentage is more than 0 and at most 100, like 25."),
        ("fixed", "0", "A fixed amount is money off, more than 0 USD, like 29.00."),
        ("fixed", "-5", "A fixed amount is money off, more than 0 USD, like 29.00."),
        ("fixed", "2.999", "Ensure that there are no more than 2 decimal places."),
        ("fixed", "lots", "Enter a number."),
    ],
)
def test_the_amount_is_checked_for_its_discount_type(
    manager_client, api, products, kind, amount, message
):
    data = {"name": "Sale", "discount_type": kind, "amount": amount, "description": "Kept"}
    data["applies_to"] = "every"

    response = manager_client.post("/s/baking/promotions/new/", data, headers=HTMX)

    page = response.content.decode()
    assert response.status_code == 422
    assert message in page
    assert f'value="{amount}"' in page and "Kept" in page
    assert [call.request.method for call in api.calls] == ["GET"]  # the products, no POST


def test_it_must_expire_after_it_starts(manager_client, api, products):
    data = {
        "name": "Sale",
        "discount_type": "percentage",
        "amount": "10",
        "starts_at": "2025-06-01T09:00",
        "expires_at": "2025-06-01T09:00",
        "applies_to": "every",
    }

    response = manager_client.post("/s/baking/promotions/new/", data)

    assert response.status_code == 422
    assert "The promotion must expire after it starts." in response.content.decode()


def test_a_percentage_of_a_hundred_is_accepted(manager_client, api, products):
    api.post(f"{API}/promotions", status=201, json=promotion_json(id=9))
    data = {"name": "Free", "discount_type": "percentage", "amount": "100", "applies_to": "every"}

    assert manager_client.post("/s/baking/promotions/new/", data).status_code == 302


def expect_update(api, **changes):
    """Thinkific's PUT of the promotion: the changes with the fields every update needs."""
    required = {"name": "Spring sale", "discount_type": "percentage", "amount": 25}
    api.put(
        f"{API}/promotions/5", status=204, match=[matchers.json_params_matcher(required | changes)]
    )


def _edit_data(**fields):
    """The edit form as it comes, untouched: times in the staff member's zone (UTC here)."""
    return {
        "name": "Spring sale",
        "discount_type": "percentage",
        "amount": "25.0",
        "description": "A quarter off.",
        "starts_at": "2025-03-01T08:00",
        "expires_at": "2025-04-01T08:00",
        "applies_to": "unchanged",  # Thinkific's answer does not say which products
        **fields,
    }


def test_edit_sends_name_type_and_amount_with_the_change(manager_client, api, products):
    api.get(f"{API}/promotions/5", json=promotion_json())
    expect_update(api, description="Now a third off.")

    response = manager_client.post(
        "/s/baking/promotions/5/edit/", _edit_data(description="Now a third off.")
    )

    assert response.status_code == 302
    assert response["Location"] == "/s/baking/promotions/5/"


def test_edit_without_changes_sends_nothing(manager_client, api, products):
    api.get(f"{API}/promotions/5", json=promotion_json())

    response = manager_client.post("/s/baking/promotions/5/edit/", _edit_data())

    assert response.status_code == 302
    assert "PUT" not in [call.request.method for call in api.calls]


def test_edit_sends_the_products_only_when_they_change(manager_client, api, products):
    api.get(f"{API}/promotions/5", json=promotion_json())
    expect_update(api, product_ids=[8])

    page = manager_client.get("/s/baking/promotions/5/edit/").content.decode()
    response = manager_client.post(
        "/s/baking/promotions/5/edit/", _edit_data(applies_to="ticked", product_ids=["8"])
    )

    assert "Thinkific does not report which products this promotion applies to" in page
    assert 'value="2025-03-01T08:00"' in page
    assert response.status_code == 302


def test_edit_shows_the_times_in_the_staff_time_zone(manager_client, api, products, settings):
    settings.TIME_ZONE = PARIS
    api.get(f"{API}/promotions/5", json=promotion_json())

    page = manager_client.get("/s/baking/promotions/5/edit/").content.decode()

    assert 'value="2025-03-01T09:00"' in page and "In your time zone, Europe/Paris." in page


def test_edit_ticks_the_products_thinkific_reports(manager_client, api, products):
    api.get(f"{API}/promotions/5", json=promotion_json(product_ids=[8]))

    page = manager_client.get("/s/baking/promotions/5/edit/").content.decode()

    ticked = re.findall(
        r'<input type="checkbox" name="product_ids" value="(\d+)"[^>]* checked', page
    )
    assert ticked == ["8"]
    assert re.search(r'value="ticked"[^>]* checked', page)
    assert 'value="unchanged"' not in page  # Thinkific said which they are


def test_edit_can_set_an_unreported_promotion_to_every_product(manager_client, api, products):
    api.get(f"{API}/promotions/5", json=promotion_json())
    expect_update(api, product_ids=[])

    page = manager_client.get("/s/baking/promotions/5/edit/").content.decode()
    response = manager_client.post("/s/baking/promotions/5/edit/", _edit_data(applies_to="every"))

    assert re.search(r'value="unchanged"[^>]* checked', page)
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("scope", "ticks", "message"),
    [
        ("ticked", [], "Tick a product, or choose “Every product”."),
        ("every", ["8"], "Products are ticked: choose “Only the products ticked below”"),
        ("unchanged", ["8"], "Products are ticked: choose “Only the products ticked below”"),
    ],
)
def test_the_products_must_agree_with_what_it_applies_to(
    manager_client, api, products, scope, ticks, message
):
    api.get(f"{API}/promotions/5", json=promotion_json())

    response = manager_client.post(
        "/s/baking/promotions/5/edit/", _edit_data(applies_to=scope, product_ids=ticks)
    )

    page = response.content.decode()
    assert response.status_code == 422 and message in page
    assert re.search(rf'value="{scope}"[^>]* checked', page)
    assert "PUT" not in [call.request.method for call in api.calls]


def test_the_currency_is_that_of_the_schools_prices(manager_client, api):
    euro = product_json(product_prices=[{"id": 1, "price": "10", "currency": "eur"}])
    api.get(f"{API}/products", json=page_json([euro]))
    api.get(f"{API}/promotions/5", json=promotion_json(discount_type="fixed", amount="1234.5"))

    page = manager_client.get("/s/baking/promotions/5/").content.decode()

    assert "€1,234.50" in page


def test_products_are_read_once_for_several_pages(manager_client, api, products):
    api.get(f"{API}/promotions/5", json=promotion_json())

    manager_client.get("/s/baking/promotions/5/")
    manager_client.get("/s/baking/promotions/new/")

    assert [c.request.url.split("?")[0] for c in api.calls].count(f"{API}/products") == 1


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
def test_by_coupon_links_the_promotion_found(manager_client, api, products, headers):
    api.get(
        f"{API}/promotions/by_coupon",
        match=[matchers.query_param_matcher({"product_id": "8", "coupon_code": "SPRING25"})],
        json=promotion_json(),
    )

    response = manager_client.get(
        "/s/baking/promotions/by-coupon/?product_id=8&coupon_code=+SPRING25+", headers=headers
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert ("<html" in page) is (not headers)
    assert 'unlocks <a href="/s/baking/promotions/5/">Spring sale</a> (25% off)' in page
    assert "for Croissant masterclass" in page


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
def test_by_coupon_says_no_promotion_on_thinkifics_404(manager_client, api, products, headers):
    api.get(f"{API}/promotions/by_coupon", status=404, json={"error": "Not found"})

    response = manager_client.get(
        "/s/baking/promotions/by-coupon/?product_id=7&coupon_code=NOPE", headers=headers
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "No promotion." in page and "<code>NOPE</code> unlocks nothing for Sourdough basics" in page
    )
    assert 'value="NOPE"' in page


def test_by_coupon_checks_its_input_before_asking(manager_client, api, products):
    response = manager_client.get(
        "/s/baking/promotions/by-coupon/?product_id=999&coupon_code=", headers=HTMX
    )

    page = response.content.decode()
    assert "Select a valid choice." in page and "This field is required." in page
    assert [call.request.url.split("?")[0] for call in api.calls] == [f"{API}/products"]


def test_by_coupon_page_without_input_asks_nothing_of_promotions(manager_client, api, products):
    page = manager_client.get("/s/baking/promotions/by-coupon/").content.decode()

    assert "Which promotion does a coupon code unlock?" in page
    assert "This field is required." not in page


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
def test_delete_confirmation_names_the_promotion(manager_client, api, headers):
    api.get(f"{API}/promotions/5", json=promotion_json())

    page = manager_client.get("/s/baking/promotions/5/delete/", headers=headers).content.decode()

    assert ("<html" in page) is (not headers)
    assert "Delete the promotion “Spring sale”?" in page and "It has 2 coupons." in page


def test_delete_returns_to_the_list(manager_client, api):
    api.delete(f"{API}/promotions/5", status=204)

    response = manager_client.post("/s/baking/promotions/5/delete/", {"name": "Spring sale"})

    assert response["Location"] == "/s/baking/promotions/"


def test_the_products_the_portal_set_show_on_the_page_and_the_form(manager_client, api, products):
    api.post(f"{API}/promotions", status=201, json=promotion_json())  # no product_ids back
    manager_client.post(
        "/s/baking/promotions/new/",
        {
            "name": "Spring sale",
            "discount_type": "percentage",
            "amount": "25",
            "applies_to": "ticked",
            "product_ids": ["8"],
        },
    )
    for _ in range(3):
        api.get(f"{API}/promotions/5", json=promotion_json())
    expect_update(api, description="Now a third off.")
    created = Entry.objects.get(action="create")

    detail = manager_client.get("/s/baking/promotions/5/").content.decode()
    form = manager_client.get("/s/baking/promotions/5/edit/").content.decode()
    response = manager_client.post(
        "/s/baking/promotions/5/edit/",
        _edit_data(applies_to="ticked", product_ids=["8"], description="Now a third off."),
    )

    assert "Croissant masterclass" in detail and "Sourdough basics" not in detail
    assert f'As set from this portal on <time datetime="{created.at.isoformat()}">' in detail
    ticked = re.findall(
        r'<input type="checkbox" name="product_ids" value="(\d+)"[^>]* checked', form
    )
    assert ticked == ["8"]
    assert re.search(r'value="ticked"[^>]* checked', form)
    assert 'value="unchanged"' not in form
    assert "these are as set from this portal on" in form
    assert response.status_code == 302  # the products untouched: not sent (expect_update)


def test_a_promotion_created_for_every_product_says_so(manager_client, api, products):
    api.post(f"{API}/promotions", status=201, json=promotion_json())
    manager_client.post(
        "/s/baking/promotions/new/",
        {
            "name": "Spring sale",
            "discount_type": "percentage",
            "amount": "25",
            "applies_to": "every",
        },
    )
    api.get(f"{API}/promotions/5", json=promotion_json())
    api.get(f"{API}/promotions/5", json=promotion_json())

    detail = manager_client.get("/s/baking/promotions/5/").content.decode()
    form = manager_client.get("/s/baking/promotions/5/edit/").content.decode()

    assert "Every product of the school." in detail and "As set from this portal on" in detail
    assert re.search(r'value="every"[^>]* checked', form)
    assert 'value="unchanged"' not in form
