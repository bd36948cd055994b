"""The promotions and coupons pages against the sandbox over real HTTP."""

import re

import pytest

from apps.connections.services import client_for
from tests.users.sandbox import member_client, sandbox_school

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]
HTMX = {"HX-Request": "true"}
PROMOTIONS = ("view_promotions", "add_promotions", "change_promotions", "delete_promotions")
COUPONS = ("view_coupons", "add_coupons", "change_coupons", "delete_coupons")


@pytest.fixture
def school(live_server, settings):
    settings.THINKIFIC_RATE_LIMIT = 100_000
    settings.TIME_ZONE = "America/New_York"
    return sandbox_school(live_server, subdomain="promotions-test", users=5, slug="shop")


@pytest.fixture
def manager_client(client, school):
    return member_client(client, school, *PROMOTIONS, *COUPONS)


def test_a_promotion_for_two_products_with_a_coupon(manager_client, school):
    first, second, other = client_for(school).products.list(limit=3).items
    data = {
        "name": "Live spring sale",
        "discount_type": "fixed",
        "amount": "12.50",
        "description": "Twelve fifty off.",
        "starts_at": "2025-01-01T09:00",
        "expires_at": "2099-12-31T18:00",
        "applies_to": "ticked",
        "product_ids": [str(first.id), str(second.id)],
    }
    created = manager_client.post("/s/shop/promotions/new/", data)
    assert created.status_code == 302, created.content.decode()[-3000:]
    detail_url = created["Location"]
    promotion_id = int(detail_url.rstrip("/").rsplit("/", 1)[1])

    stored = client_for(school).promotions.get(promotion_id)
    assert stored.starts_at.isoformat() == "2025-01-01T14:00:00+00:00"  # 09:00 in New York
    detail = manager_client.get(detail_url).content.decode()
    assert "Live spring sale" in detail and "$12.50" in detail and "Jan 1, 2025, 09:00" in detail

    edited = manager_client.post(
        f"/s/shop/promotions/{promotion_id}/edit/",
        {**data, "amount": "15", "description": "Fifteen off."},
    )
    assert edited.status_code == 302, edited.content.decode()[-3000:]
    stored = client_for(school).promotions.get(promotion_id)
    assert stored.amount == 15 and stored.description == "Fifteen off."
    assert stored.starts_at.isoformat() == "2025-01-01T14:00:00+00:00"

    coupon = manager_client.post(
        f"/s/shop/promotions/{promotion_id}/coupons/new/", {"code": "LIVE15", "quantity": ""}
    )
    assert coupon.status_code == 302, coupon.content.decode()[-3000:]
    coupon_url = coupon["Location"]
    assert "unlimited" in manager_client.get(coupon_url).content.decode()
    panel = manager_client.get(
        f"/s/shop/promotions/{promotion_id}/coupons/",
        headers={**HTMX, "HX-Target": "coupon-results"},
    ).content.decode()
    assert "<code>LIVE15</code>" in panel

    lookup = "/s/shop/promotions/by-coupon/?coupon_code=LIVE15&product_id="
    found = manager_client.get(lookup + str(second.id), headers=HTMX).content.decode()
    assert f'<a href="/s/shop/promotions/{promotion_id}/">Live spring sale</a>' in found
    for code, product in (("LIVE15", other), ("NOPE", first)):  # not for that product; no code
        missing = manager_client.get(lookup.replace("LIVE15", code) + str(product.id)).content
        assert "No promotion." in missing.decode()

    coupon_id = coupon_url.rstrip("/").rsplit("/", 1)[1]
    renamed = manager_client.post(
        f"/s/shop/promotions/{promotion_id}/coupons/{coupon_id}/edit/",
        {"code": "LIVE15", "note": "Staff only", "quantity": "3"},
    )
    assert renamed.status_code == 302, renamed.content.decode()[-3000:]
    assert "0 / 3" in manager_client.get(coupon_url).content.decode()

    assert manager_client.post(f"{coupon_url}delete/", {"name": "LIVE15"}).status_code == 302
    assert manager_client.get(coupon_url).status_code == 404
    deleted = manager_client.post(f"{detail_url}delete/", {"name": "Live spring sale"})
    assert deleted.status_code == 302
    assert manager_client.get(detail_url).status_code == 404


def test_thinkifics_errors_land_on_the_coupon_form(manager_client, school):
    promotion = client_for(school).promotions.list(limit=1).items[0]
    taken = client_for(school).coupons.list(promotion.id, limit=1).items[0].code

    answer = manager_client.post(
        f"/s/shop/promotions/{promotion.id}/coupons/new/", {"code": taken}, headers=HTMX
    )

    page = answer.content.decode()
    assert answer.status_code == 422
    assert re.search(r'id="id_code_error">Code [a-z ]+', page), page[-2000:]
    assert f'value="{taken}"' in page
