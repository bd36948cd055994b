"""/instructors and /collections (categories) with their memberships."""

import pytest

from apps.sandbox import models as m
from tests.sandbox import factories

INSTRUCTOR = {"first_name": "Bob", "last_name": "Jones", "slug": "bob", "title": "Mr."}


def test_instructor_crud(api, school):
    response = api.post("instructors", {**INSTRUCTOR, "email": "bob@example.com"})
    assert response.status_code == 201
    data = response.json()
    assert {key: data[key] for key in INSTRUCTOR} == INSTRUCTOR
    assert set(data) == {
        "id",
        "user_id",
        "title",
        "first_name",
        "last_name",
        "bio",
        "slug",
        "avatar_url",
        "email",
        "created_at",
    }
    pk = data["id"]
    assert api.put(f"instructors/{pk}", {"bio": "Painter"}).status_code == 204
    assert api.get(f"instructors/{pk}").json()["bio"] == "Painter"
    assert api.get("instructors").json()["meta"]["pagination"]["total_items"] == 1
    assert api.delete(f"instructors/{pk}").status_code == 204
    assert api.get(f"instructors/{pk}").status_code == 404


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"first_name": "Bob", "slug": "bob"}, {"last_name": ["can't be blank"]}),
        ({**INSTRUCTOR, "email": "nope"}, {"email": ["is invalid"]}),
        ({**INSTRUCTOR, "avatar_url": "ftp://x"}, {"avatar_url": ["is invalid"]}),
        ({**INSTRUCTOR, "user_id": 999999}, {"user_id": ["is invalid"]}),
    ],
)
def test_instructor_validation(api, body, errors):
    response = api.post("instructors", body)
    assert (response.status_code, response.json()) == (422, {"errors": errors})


def test_instructor_linked_to_a_user(api, school):
    user = factories.user(school)
    data = api.post("instructors", {**INSTRUCTOR, "user_id": user.pk}).json()
    assert data["user_id"] == user.pk


COLLECTION = {"name": "Art", "description": "Painting and drawing", "slug": "art"}


def test_collection_crud(api, school):
    response = api.post("collections", COLLECTION)
    assert response.status_code == 201
    data = response.json()
    assert data == {
        **COLLECTION,
        "id": data["id"],
        "created_at": data["created_at"],
        "product_ids": [],
        "default": False,
    }
    change = {**COLLECTION, "name": "Fine Art"}
    assert api.put(f"collections/{data['id']}", change).status_code == 204
    assert api.get(f"collections/{data['id']}").json()["name"] == "Fine Art"
    assert api.delete(f"collections/{data['id']}").status_code == 204
    assert api.get(f"collections/{data['id']}").status_code == 404


def test_collection_validation(api):
    assert api.post("collections", {"slug": "x", "description": "d"}).json() == {
        "errors": {"name": ["can't be blank"]}
    }
    collection = api.post("collections", COLLECTION).json()
    response = api.put(f"collections/{collection['id']}", {**COLLECTION, "name": "x" * 300})
    assert response.json() == {
        "errors": {"name": ["value too long for type character varying(255)"]}
    }


def test_collection_update_requires_what_create_requires(api, school):
    collection = api.post("collections", COLLECTION).json()
    response = api.put(f"collections/{collection['id']}", {"name": "Fine Art"})
    assert (response.status_code, response.json()) == (
        422,
        {"errors": {"description": ["can't be blank"], "slug": ["can't be blank"]}},
    )
    assert api.get(f"collections/{collection['id']}").json()["name"] == "Art"


def test_memberships_add_and_remove_products(api, school):
    collection = m.Collection.objects.create(school=school, name="Art", slug="art")
    first, second = factories.course(school), factories.course(school)
    body = {"product_ids": [first.product_id, second.product_id]}
    response = api.post(f"collection_memberships/{collection.pk}", body)
    assert (response.status_code, response.content) == (201, b"")
    assert api.get(f"collections/{collection.pk}").json()["product_ids"] == body["product_ids"]
    listed = api.get(f"collections/{collection.pk}/products").json()["items"]
    assert [item["id"] for item in listed] == body["product_ids"]
    assert api.get(f"products/{first.product_id}").json()["collection_ids"] == [collection.pk]
    remove = {"product_ids": [first.product_id]}
    assert api.delete(f"collection_memberships/{collection.pk}", remove).status_code == 204
    assert api.get(f"collections/{collection.pk}").json()["product_ids"] == [second.product_id]


def test_memberships_need_products_of_the_school(api, school):
    collection = m.Collection.objects.create(school=school, name="Art", slug="art")
    assert api.post(f"collection_memberships/{collection.pk}", {}).json() == {
        "errors": {"product_ids": ["can't be blank"]}
    }
    foreign = factories.course(factories.school())
    body = {"product_ids": [foreign.product_id]}
    assert api.post(f"collection_memberships/{collection.pk}", body).status_code == 422
    assert api.post("collection_memberships/999999", body).status_code == 404
