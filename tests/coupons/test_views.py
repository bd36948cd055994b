import pytest
from responses import matchers

from tests.conftest import grant
from tests.coupons.conftest import API, HTMX, coupon_json
from tests.promotions.conftest import promotion_json
from tests.resource_cases import ResourceViewCases
from tests.users.conftest import page_json

PANEL = {**HTMX, "HX-Target": "coupon-results"}


def mock_promotion(api):
    api.get(f"{API}/promotions/5", json=promotion_json())


class TestCouponViews(ResourceViewCases):
    resource = "coupons"
    record_ids = ("5", "31")
    extra_pages = [("get", "promotions/5/coupons/export.csv", "view_coupons")]
    valid_data = {"code": "SUMMER", "note": "Newsletter", "quantity": "5"}
    rejected_field = "code"

    def mock_form_reads(self, api):
        mock_promotion(api)

    def mock_list_reads(self, api):
        mock_promotion(api)


def test_list_page_shows_uses_and_unlimited(manager_client, api):
    api.get(
        f"{API}/coupons",
        match=[matchers.query_param_matcher({"promotion_id": "5", "page": "1", "limit": "25"})],
        json=page_json(
            [
                coupon_json(),
                coupon_json(id=32, code="FOREVER", quantity=None, quantity_used=0, note=None),
            ]
        ),
    )
    mock_promotion(api)

    page = manager_client.get("/s/baking/promotions/5/coupons/").content.decode()

    assert "<html" in page and "of Spring sale" in page
    assert "<code>SPRING25</code>" in page and "For the newsletter" in page
    assert "4 / 10" in page and '0 / <span class="muted">unlimited</span>' in page
    assert 'href="/s/baking/promotions/">Promotions</a>' in page
    assert 'href="/s/baking/promotions/5/">Spring sale</a> \u203a Coupons' in page
    assert 'href="/s/baking/promotions/5/coupons/bulk/"' in page
    assert 'href="/s/baking/promotions/5/coupons/32/"' in page


def test_results_fragment_pages_itself_with_the_url(manager_client, api):
    api.get(f"{API}/coupons", json=page_json([coupon_json()], total=60))

    fragment = manager_client.get("/s/baking/promotions/5/coupons/", headers=HTMX).content.decode()

    assert "<html" not in fragment and "SPRING25" in fragment
    assert 'hx-target="#results" hx-push-url="true"' in fragment
    assert len(api.calls) == 1  # no promotion read for the results alone


def test_the_promotion_panel_pages_within_the_panel(manager_client, api):
    api.get(
        f"{API}/coupons",
        match=[matchers.query_param_matcher({"promotion_id": "5", "page": "2", "limit": "25"})],
        json=page_json([coupon_json()], page=2, total=60),
    )

    fragment = manager_client.get(
        "/s/baking/promotions/5/coupons/?page=2", headers=PANEL
    ).content.decode()

    assert 'href="/s/baking/promotions/5/coupons/?page=3"' in fragment
    assert 'hx-target="#coupon-results"' in fragment and "hx-push-url" not in fragment
    assert 'href="/s/baking/promotions/5/coupons/31/?_changelist_filters=page%3D2"' in fragment
    # No confirmation slot on the promotion's page: Delete opens the confirmation page.
    delete = "/s/baking/promotions/5/coupons/31/delete/?_changelist_filters=page%3D2"
    assert f'href="{delete}">Delete</a>' in fragment


def test_an_empty_promotion_says_so(manager_client, api):
    api.get(f"{API}/coupons", json=page_json([]))

    fragment = manager_client.get("/s/baking/promotions/5/coupons/", headers=PANEL).content.decode()

    assert "This promotion has no coupons yet." in fragment


def test_detail_shows_the_coupon_under_its_promotion(manager_client, api):
    api.get(f"{API}/coupons/32", json=coupon_json(id=32, quantity=None))
    mock_promotion(api)

    page = manager_client.get("/s/baking/promotions/5/coupons/32/").content.decode()

    assert "<code>SPRING25</code>" in page and '4 / <span class="muted">unlimited</span>' in page
    assert 'href="/s/baking/promotions/5/coupons/">Coupons</a> \u203a SPRING25' in page
    assert 'href="/s/baking/promotions/5/coupons/32/edit/"' in page


def test_another_promotions_coupon_is_not_found_here(manager_client, api):
    api.get(f"{API}/coupons/31", json=coupon_json(promotion_id=6))

    response = manager_client.get("/s/baking/promotions/5/coupons/31/")

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "31/edit/"), ("post", "31/edit/"), ("get", "31/delete/"), ("post", "31/delete/")],
)
def test_another_promotions_coupon_cannot_be_changed_here(manager_client, api, method, path):
    api.get(f"{API}/coupons/31", json=coupon_json(promotion_id=6))
    if (method, path) == ("get", "31/delete/"):
        mock_promotion(api)  # the confirmation names the promotion before it reads the coupon
    data = {"code": "SPRING25", "name": "SPRING25"} if method == "post" else None

    response = getattr(manager_client, method)(f"/s/baking/promotions/5/coupons/{path}", data)

    assert response.status_code == 404
    assert "PUT" not in [c.request.method for c in api.calls]
    assert "DELETE" not in [c.request.method for c in api.calls]


def test_create_leaves_out_a_blank_quantity_for_unlimited_uses(manager_client, api):
    mock_promotion(api)
    api.post(
        f"{API}/coupons",
        status=201,
        match=[
            matchers.query_param_matcher({"promotion_id": "5"}),
            matchers.json_params_matcher({"code": "FOREVER"}),
        ],
        json=coupon_json(id=40, code="FOREVER", quantity=None),
    )

    response = manager_client.post(
        "/s/baking/promotions/5/coupons/new/", {"code": " FOREVER ", "note": "", "quantity": ""}
    )

    assert response.status_code == 302
    assert response["Location"] == "/s/baking/promotions/5/coupons/40/"


def test_create_sends_the_quantity_and_note(manager_client, api):
    mock_promotion(api)
    api.post(
        f"{API}/coupons",
        status=201,
        match=[matchers.json_params_matcher({"code": "TEN", "note": "Fair", "quantity": 10})],
        json=coupon_json(id=41, code="TEN"),
    )
    data = {"code": "TEN", "note": "Fair", "quantity": "10", "_addanother": "1"}

    response = manager_client.post("/s/baking/promotions/5/coupons/new/", data, headers=HTMX)

    assert response["HX-Redirect"] == "/s/baking/promotions/5/coupons/new/"


def test_create_form_names_the_promotion_and_says_blank_is_unlimited(manager_client, api):
    mock_promotion(api)

    page = manager_client.get("/s/baking/promotions/5/coupons/new/").content.decode()

    assert 'href="/s/baking/promotions/5/">Spring sale</a>' in page
    assert "Blank: unlimited." in page
    assert 'href="/s/baking/promotions/5/coupons/"' in page  # Cancel


def test_create_checks_the_code_and_quantity_locally(manager_client, api):
    mock_promotion(api)

    response = manager_client.post(
        "/s/baking/promotions/5/coupons/new/", {"code": "", "note": "Kept", "quantity": "0"}
    )

    page = response.content.decode()
    assert response.status_code == 422
    assert "This field is required." in page
    assert "Ensure this value is greater than or equal to 1." in page and "Kept" in page
    assert [c.request.method for c in api.calls] == ["GET"]


def test_edit_always_sends_the_code(manager_client, api):
    api.get(f"{API}/coupons/31", json=coupon_json())
    mock_promotion(api)
    api.put(
        f"{API}/coupons/31",
        status=204,
        match=[matchers.json_params_matcher({"code": "SPRING25", "quantity": None})],
    )
    data = {"code": "SPRING25", "note": "For the newsletter", "quantity": ""}

    response = manager_client.post("/s/baking/promotions/5/coupons/31/edit/", data)

    assert response.status_code == 302
    assert response["Location"] == "/s/baking/promotions/5/coupons/31/"


def test_edit_without_changes_sends_nothing(manager_client, api):
    api.get(f"{API}/coupons/31", json=coupon_json())
    mock_promotion(api)
    data = {"code": "SPRING25", "note": "For the newsletter", "quantity": "10"}

    response = manager_client.post("/s/baking/promotions/5/coupons/31/edit/", data)

    assert response.status_code == 302
    assert "PUT" not in [c.request.method for c in api.calls]


def test_edit_refuses_fewer_uses_than_were_made(manager_client, api):
    api.get(f"{API}/coupons/31", json=coupon_json())
    mock_promotion(api)
    data = {"code": "SPRING25", "quantity": "3"}

    response = manager_client.post("/s/baking/promotions/5/coupons/31/edit/", data, headers=HTMX)

    assert response.status_code == 422
    assert "used 4 times already: allow at least 4 uses" in response.content.decode()


def test_edit_maps_thinkifics_code_error(manager_client, api):
    api.get(f"{API}/coupons/31", json=coupon_json())
    mock_promotion(api)
    api.put(f"{API}/coupons/31", status=422, json={"errors": {"code": ["has already been taken"]}})

    response = manager_client.post(
        "/s/baking/promotions/5/coupons/31/edit/", {"code": "TAKEN", "quantity": "10"}
    )

    assert response.status_code == 422
    assert "Code has already been taken" in response.content.decode()


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
def test_delete_confirmation_names_the_coupon(manager_client, api, headers):
    api.get(f"{API}/coupons/31", json=coupon_json())
    mock_promotion(api)

    page = manager_client.get(
        "/s/baking/promotions/5/coupons/31/delete/", headers=headers
    ).content.decode()

    assert ("<html" in page) is (not headers)
    assert "Delete the coupon “SPRING25”?" in page and "Used 4 of 10." in page


def test_delete_returns_to_the_promotions_coupons(manager_client, api):
    api.get(f"{API}/coupons/31", json=coupon_json())
    api.delete(f"{API}/coupons/31", status=204)

    response = manager_client.post(
        "/s/baking/promotions/5/coupons/31/delete/", {"name": "SPRING25"}, headers=HTMX
    )

    assert response["HX-Redirect"] == "/s/baking/promotions/5/coupons/"
    assert [c.request.method for c in api.calls] == ["GET", "DELETE"]


def test_viewers_see_no_edit_or_delete(staff, client, api):
    client.force_login(grant(staff, "view_coupons"))
    api.get(f"{API}/coupons", json=page_json([coupon_json()]))
    mock_promotion(api)

    page = client.get("/s/baking/promotions/5/coupons/").content.decode()

    assert "/edit/" not in page and "/delete/" not in page and "coupons/new/" not in page


@pytest.mark.parametrize("quantity", ["2147483648", "100000000000000000000"])
def test_a_quantity_past_what_thinkific_stores_is_refused_before_sending(
    manager_client, api, quantity
):
    mock_promotion(api)

    response = manager_client.post(
        "/s/baking/promotions/5/coupons/new/", {"code": "BIG", "note": "kept", "quantity": quantity}
    )

    page = response.content.decode()
    assert response.status_code == 422
    assert "less than or equal to 2147483647" in page
    assert 'value="BIG"' in page and 'value="kept"' in page
    assert [call.request.method for call in api.calls] == ["GET"]  # nothing sent


def test_the_largest_quantity_thinkific_stores_is_sent(manager_client, api):
    mock_promotion(api)
    api.post(
        f"{API}/coupons",
        status=201,
        match=[matchers.json_params_matcher({"code": "MAX", "quantity": 2147483647})],
        json=coupon_json(id=42, code="MAX", quantity=2147483647),
    )

    response = manager_client.post(
        "/s/baking/promotions/5/coupons/new/", {"code": "MAX", "quantity": "2147483647"}
    )

    assert response.status_code == 302
