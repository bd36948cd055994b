"""A promotion's coupons as CSV: every page of them, read live from Thinkific (the reading
itself, its cap and its failures, are tested with the promotions' CSV)."""

import csv
import io

from responses import matchers

from tests.coupons.conftest import API, coupon_json
from tests.promotions.conftest import promotion_json
from tests.users.conftest import page_json


def test_every_coupon_of_the_promotion(manager_client, api, settings):
    settings.TIME_ZONE = "America/Toronto"
    api.get(f"{API}/promotions/5", json=promotion_json())
    coupons = [coupon_json(id=n, code=f"CODE{n}") for n in range(100, 400)]
    coupons[1] |= {"quantity": None, "note": None}
    for number, start in ((1, 0), (2, 250)):
        query = {"promotion_id": "5", "page": str(number), "limit": "250"}
        api.get(
            f"{API}/coupons",
            match=[matchers.query_param_matcher(query)],
            json=page_json(coupons[start : start + 250], page=number, total=300, limit=250),
        )

    response = manager_client.get("/s/baking/promotions/5/coupons/export.csv?page=2")

    assert response["Content-Disposition"] == (
        'attachment; filename="baking-promotion-5-coupons.csv"'
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text, newline="")))
    assert lines[0] == [
        "id",
        "code",
        "note",
        "quantity",
        "quantity_used",
        "promotion_id",
        "created_at",
    ]
    assert [line[1] for line in lines[1:]] == [f"CODE{n}" for n in range(100, 400)]
    assert lines[1] == [
        "100",
        "CODE100",
        "For the newsletter",
        "10",
        "4",
        "5",
        "2025-02-02T04:00:00-05:00",
    ]
    assert lines[2][2:4] == ["", ""]  # no note; unlimited uses


def test_an_unknown_promotion_is_not_found_and_no_file_starts(manager_client, api):
    api.get(f"{API}/promotions/9", status=404, json={"error": "Not found"})

    response = manager_client.get("/s/baking/promotions/9/coupons/export.csv")

    assert response.status_code == 404 and not response.streaming
    assert "Not found on Thinkific" in response.content.decode()


def test_the_coupons_page_links_its_csv(manager_client, api):
    api.get(f"{API}/promotions/5", json=promotion_json())
    api.get(f"{API}/coupons", json=page_json([coupon_json()], page=2, total=30))

    page = manager_client.get("/s/baking/promotions/5/coupons/?page=2&limit=25").content.decode()

    assert (
        '<a class="button" id="csv-link" href="/s/baking/promotions/5/coupons/export.csv">'
        "Download CSV</a>" in page
    )
