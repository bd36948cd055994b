from apps.promotions import selectors
from apps.thinkific.resources.products import Product
from apps.thinkific.resources.promotions import Promotion
from tests.promotions.conftest import API, PRODUCTS, product_json, promotion_json
from tests.users.conftest import page_json


def test_reported_product_ids_tell_absent_from_every_product():
    assert selectors.reported_product_ids(Promotion.from_api(promotion_json())) is None
    empty = Promotion.from_api(promotion_json(product_ids=[]))
    assert selectors.reported_product_ids(empty) == ()
    some = Promotion.from_api(promotion_json(product_ids=[8, "9", None]))
    assert selectors.reported_product_ids(some) == (8, 9)


def test_promotion_products_name_known_ones_and_keep_unknown_ids():
    products = (Product.from_api(product_json(id=8, name="Croissants")),)
    promotion = Promotion.from_api(promotion_json(product_ids=[8, 99]))

    named = selectors.promotion_products(promotion, products)

    assert [(p.id, p.name) for p in named] == [(8, "Croissants"), (99, "")]


def test_school_currency_is_the_first_price_currency_or_dollars():
    euro = Product.from_api(product_json(product_prices=[{"price": "1", "currency": "eur"}]))
    free = Product.from_api(product_json(product_prices=[]))

    assert selectors.school_currency((free, euro)) == "EUR"
    assert selectors.school_currency((free,)) == "USD"
    assert selectors.school_currency(()) == "USD"


def test_product_choices_are_cached_per_connection(api, client_for_school, school):
    api.get(f"{API}/products", json=page_json(PRODUCTS))

    first = selectors.product_choices(client=client_for_school, connection_id=school.pk)
    again = selectors.product_choices(client=client_for_school, connection_id=school.pk)

    assert (
        [p.name for p in again]
        == ["Sourdough basics", "Croissant masterclass"]
        == [p.name for p in first]
    )
    assert len(api.calls) == 1
