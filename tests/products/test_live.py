"""The product pages against the sandbox over real HTTP."""

import re

import pytest

from apps.connections.services import client_for
from apps.products.selectors import product_choices
from tests.users.sandbox import member_client, sandbox_school

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]
HTMX = {"HX-Request": "true"}


@pytest.fixture
def school(live_server, settings):
    settings.THINKIFIC_RATE_LIMIT = 100_000
    return sandbox_school(live_server, subdomain="products-test", users=20)


@pytest.fixture
def viewer_client(client, school):
    return member_client(client, school, "view_products", "view_courses", username="viewer")


def test_a_product_with_its_prices_categories_and_related_products(viewer_client):
    listing = viewer_client.get("/s/products-test/products/?limit=250")
    assert listing.status_code == 200, listing.content.decode()[-2000:]
    page = listing.content.decode()
    assert re.search(r'<td class="nowrap">(Free|\$[\d,]+\.\d\d)</td>', page)
    row = re.search(
        r'href="(/s/products-test/products/\d+/)\?[^"]*">[^<]+</a></td>\s*'
        r'<td><a href="(/s/products-test/courses/\d+/)">',
        page,
    )
    product_url, course_url = row.groups()

    detail = viewer_client.get(product_url).content.decode()
    assert f'<a class="button" href="{course_url}">Open the course</a>' in detail
    assert 'id="prices-title"' in detail and "Primary" in detail
    categories = viewer_client.get(f"{product_url}categories/", headers=HTMX).content.decode()
    assert "All" in categories and "In no category." not in categories
    related = viewer_client.get(f"{product_url}related/", headers=HTMX)
    assert related.status_code == 200 and 'id="related-title"' in related.content.decode()

    assert viewer_client.get(course_url).status_code == 200


def test_product_choices_are_every_product_of_the_school(school, viewer_client):
    listing = viewer_client.get("/s/products-test/products/", headers=HTMX).content.decode()
    total = int(re.search(r"(\d+) results?", listing).group(1))

    choices = product_choices(client=client_for(school), connection_id=school.pk)

    assert len(choices) == total and len({p.id for p in choices}) == total
