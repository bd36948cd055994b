import pytest

from apps.thinkific import errors
from apps.thinkific.resources.products import Product
from tests.thinkific.conftest import envelope

COLLECTION = {
    "id": 1,
    "name": "All Courses",
    "description": "Everything",
    "slug": "all",
    "created_at": "2018-01-01T01:01:00Z",
    "product_ids": [1, "2"],
    "default": True,
}
FIELDS = {"name": "Baking", "description": "Bread and cakes", "slug": "baking"}


def test_list(api, client):
    api.expect("GET", "/collections", query={"page": 1, "limit": 25}, json=envelope([COLLECTION]))

    collection = client.collections.list().items[0]

    assert collection.default is True
    assert collection.product_ids == (1, 2)


def test_all(api, client):
    api.expect("GET", "/collections", query={"page": 1, "limit": 250}, json=envelope([COLLECTION]))

    assert len(list(client.collections.all())) == 1


def test_get(api, client):
    api.expect("GET", "/collections/1", json=COLLECTION)

    assert client.collections.get(1).slug == "all"


def test_create(api, client):
    api.expect("POST", "/collections", sent=FIELDS, status=201, json={**COLLECTION, **FIELDS})

    assert client.collections.create(**FIELDS).name == "Baking"


def test_create_maps_field_errors(api, client):
    api.expect(
        "POST",
        "/collections",
        sent={"description": "d", "slug": "s"},
        status=422,
        json={"errors": {"name": ["can't be blank"]}},
    )

    with pytest.raises(errors.ValidationError) as caught:
        client.collections.create(name=None, description="d", slug="s")
    assert caught.value.field_errors == {"name": ["can't be blank"]}


def test_update(api, client):
    api.expect("PUT", "/collections/1", sent=FIELDS, status=204)

    client.collections.update(1, **FIELDS)


def test_delete(api, client):
    api.expect("DELETE", "/collections/1", status=204)

    client.collections.delete(1)


def test_products(api, client):
    api.expect(
        "GET",
        "/collections/1/products",
        query={"page": 2, "limit": 5},
        json=envelope([{"id": 7, "name": "Sourdough", "price": "10.0"}], page=2),
    )

    page = client.collections.products(1, page=2, limit=5)

    assert isinstance(page.items[0], Product)
    assert page.items[0].name == "Sourdough"


def test_add_products(api, client):
    api.expect("POST", "/collection_memberships/1", sent={"product_ids": [7, 8]}, status=201)

    assert client.collections.add_products(1, (7, 8)) is None


def test_remove_products_sends_a_body_with_delete(api, client):
    api.expect("DELETE", "/collection_memberships/1", sent={"product_ids": [7]}, status=204)

    client.collections.remove_products(1, [7])
