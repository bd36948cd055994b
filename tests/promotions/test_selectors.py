import pytest

from apps.history.models import Entry
from apps.promotions import selectors
from apps.promotions.selectors import AppliesTo
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


def test_named_products_name_known_ones_and_keep_unknown_ids():
    products = (Product.from_api(product_json(id=8, name="Croissants")),)

    named = selectors.named_products((8, 99), products)

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


def sent(school, action="update", outcome="done", **fields):
    return Entry.objects.create(
        connection=school,
        resource="promotions",
        record_id="5",
        action=action,
        outcome=outcome,
        changes=[[field, None, value] for field, value in fields.items()],
    )


@pytest.mark.django_db
def test_the_products_thinkific_reports_come_first(school):
    sent(school, "create", name="Spring sale", product_ids=[7])
    promotion = Promotion.from_api(promotion_json(product_ids=[8]))

    assert selectors.promotion_applies_to(promotion=promotion, connection=school) == AppliesTo((8,))


@pytest.mark.django_db
def test_unreported_products_are_those_the_portal_last_sent(school):
    promotion = Promotion.from_api(promotion_json())
    created = sent(school, "create", name="Spring sale")  # none sent: every product

    first = selectors.promotion_applies_to(promotion=promotion, connection=school)
    changed = sent(school, product_ids=[7, 8])
    sent(school, outcome="refused", product_ids=[9])
    second = selectors.promotion_applies_to(promotion=promotion, connection=school)

    assert first == AppliesTo((), set_at=created.at)
    assert second == AppliesTo((7, 8), set_at=changed.at)


@pytest.mark.django_db
@pytest.mark.parametrize("kept", ["[1, 2, 3, …", [1, True], [1, "2"], {"ids": [1]}])
def test_products_the_history_did_not_keep_whole_are_not_known(school, kept):
    sent(school, product_ids=kept)
    promotion = Promotion.from_api(promotion_json())

    assert selectors.promotion_applies_to(promotion=promotion, connection=school) == AppliesTo(None)


@pytest.mark.django_db
def test_a_promotion_the_portal_never_wrote_has_unknown_products(school):
    promotion = Promotion.from_api(promotion_json())

    assert selectors.promotion_applies_to(promotion=promotion, connection=school) == AppliesTo(None)
