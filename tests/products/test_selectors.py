from responses import matchers

from apps.products import selectors
from tests.products.conftest import API, product_json
from tests.users.conftest import page_json


def all_pages(api, pages: int, per_page: int = 250):
    """The school's products, `pages` pages of 250."""
    for number in range(1, pages + 1):
        first = (number - 1) * per_page
        api.get(
            f"{API}/products",
            match=[matchers.query_param_matcher({"page": str(number), "limit": "250"})],
            json=page_json(
                [product_json(id=first + i) for i in range(per_page)],
                page=number,
                total=pages * per_page,
                limit=per_page,
            ),
        )


def test_product_choices_are_every_product_kept_per_connection(api, school, client_for_school):
    all_pages(api, 2)

    first = selectors.product_choices(client=client_for_school, connection_id=school.pk)
    again = selectors.product_choices(client=client_for_school, connection_id=school.pk)

    assert isinstance(first, tuple) and len(first) == 500
    assert again == first
    assert len(api.calls) == 2  # two pages, read once


def test_product_choices_of_another_connection_are_read_again(api, school, client_for_school):
    all_pages(api, 1, per_page=3)

    selectors.product_choices(client=client_for_school, connection_id=school.pk)
    selectors.product_choices(client=client_for_school, connection_id=school.pk + 1)

    assert len(api.calls) == 2


def test_product_choices_stop_at_a_thousand(api, school, client_for_school):
    all_pages(api, 4)  # the fifth page of 250 is never read

    choices = selectors.product_choices(client=client_for_school, connection_id=school.pk)

    assert len(choices) == 1000 and choices[-1].id == 999
    assert len(api.calls) == 4
