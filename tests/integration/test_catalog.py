"""The client against the built-in sandbox over real HTTP:
courses, products, collections, custom profile fields and bundles.

The sandbox is an independent reading of Thinkific's contract; where the two disagree,
one of them has misread Thinkific.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from apps.thinkific import errors
from tests.integration.conftest import a_bundle_product, new_user, unique

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


# -- catalog ----------------------------------------------------------------------------------


def test_courses_chapters_and_contents(client):
    courses = client.courses.list()
    assert courses.total_items >= 1
    course = client.courses.get(courses.items[0].id)
    assert course == courses.items[0]
    assert len(list(client.courses.all())) == courses.total_items

    chapters = client.courses.chapters(course.id)
    assert [c.id for c in chapters] == list(course.chapter_ids)
    chapter = client.chapters.get(chapters.items[0].id)
    assert chapter == chapters.items[0]

    contents = client.chapters.contents(chapter.id)
    assert [c.id for c in contents] == list(chapter.content_ids)
    content = client.contents.get(contents.items[0].id)
    assert content.chapter_id == chapter.id
    assert content.contentable_type


def test_products_and_related(client):
    products = client.products.list(limit=250)
    assert products.total_items >= 1
    product = client.products.get(products.items[0].id)
    assert product == products.items[0]
    assert product.product_prices
    with_related = next(p for p in products if p.related_product_ids)
    related = client.products.related(with_related.id)
    assert {p.id for p in related} == set(with_related.related_product_ids)


def test_collections_and_memberships(client):
    product = client.products.list(limit=1).items[0]
    collection = client.collections.create(name="Bread", description="Loaves", slug=unique("bread"))
    assert collection.default is False
    assert collection.id in {c.id for c in client.collections.all()}

    client.collections.add_products(collection.id, [product.id])
    assert [p.id for p in client.collections.products(collection.id)] == [product.id]
    assert client.collections.get(collection.id).product_ids == (product.id,)

    client.collections.remove_products(collection.id, [product.id])
    assert client.collections.products(collection.id).items == []

    client.collections.update(
        collection.id, name="Breads", description="Loaves", slug=collection.slug
    )
    assert client.collections.get(collection.id).name == "Breads"
    client.collections.delete(collection.id)
    with pytest.raises(errors.NotFoundError):
        client.collections.get(collection.id)


def test_custom_profile_field_definitions_and_a_users_answers(client):
    page = client.custom_profile_fields.list()
    assert page.total_items >= 1
    assert list(client.custom_profile_fields.all()) == list(page)
    definition = page.items[0]

    answer = {"custom_profile_field_definition_id": definition.id, "value": "Canada"}
    user = new_user(client, custom_profile_fields=[answer], skip_custom_fields_validation=True)

    (field,) = client.users.get(user.id).custom_profile_fields
    assert (field.label, field.value) == (definition.label, "Canada")


def test_bundles(client):
    bundle = client.bundles.get(a_bundle_product(client).productable_id)
    assert bundle.course_ids
    assert {c.id for c in client.bundles.courses(bundle.id)} == set(bundle.course_ids)

    user = new_user(client)
    client.bundles.create_enrollment(
        bundle.id, user_id=user.id, activated_at=datetime.now(UTC) - timedelta(days=1)
    )
    enrollments = client.bundles.enrollments(bundle.id, user_id=user.id)
    assert {e.course_id for e in enrollments} == set(bundle.course_ids)
    assert {e.user_id for e in enrollments} == {user.id}

    expiry = datetime.now(UTC) + timedelta(days=30)
    client.bundles.update_enrollment(bundle.id, user_id=user.id, expiry_date=expiry)
    for enrollment in client.bundles.enrollments(bundle.id, email=user.email):
        assert enrollment.expiry_date == expiry.replace(microsecond=0)
