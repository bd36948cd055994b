"""Read-only catalogue: courses, chapters, contents, products (+ related), bundles."""

from decimal import Decimal

import pytest

from apps.sandbox import models as m
from tests.sandbox import factories


@pytest.fixture
def course(school):
    instructor = m.Instructor.objects.create(
        school=school, first_name="Bob", last_name="Ross", slug="bob"
    )
    return factories.course(
        school, chapters=2, contents=3, instructor=instructor, price=Decimal("49.5")
    )


def test_courses(api, course):
    [item] = api.get("courses").json()["items"]
    chapters = list(course.chapters.order_by("pk"))
    assert item["id"] == course.pk
    assert item["product_id"] == course.product_id
    assert item["chapter_ids"] == [chapter.pk for chapter in chapters]
    assert item["instructor_id"] == course.instructor_id
    assert item["administrator_user_ids"] == []
    assert set(item) >= {"slug", "reviews_enabled", "user_id", "course_card_image_url"}
    assert api.get(f"courses/{course.pk}").json() == item


def test_courses_are_read_only(api, course):
    assert api.post("courses", {"name": "X"}).status_code == 405
    assert api.put(f"courses/{course.pk}", {"name": "X"}).status_code == 405
    assert api.delete(f"courses/{course.pk}").status_code == 405


def test_chapters_and_contents(api, course):
    chapter = course.chapters.order_by("pk").first()
    contents = list(chapter.contents.order_by("pk"))
    response = api.get(f"courses/{course.pk}/chapters")
    assert response.json()["meta"]["pagination"]["total_items"] == 2
    first = response.json()["items"][0]
    assert first["content_ids"] == [content.pk for content in contents]
    assert api.get(f"chapters/{chapter.pk}").json() == first
    items = api.get(f"chapters/{chapter.pk}/contents").json()["items"]
    assert [item["contentable_type"] for item in items] == ["Lesson", "Lesson", "Quiz"]
    assert items[0]["chapter_id"] == chapter.pk
    assert items[0]["take_url"].startswith("https://test-academy.thinkific.com/courses/take/")
    assert api.get(f"contents/{contents[0].pk}").json() == items[0]


def test_nested_lists_of_unknown_parents_are_404(api):
    for path in ("courses/999/chapters", "chapters/999/contents", "collections/999/products"):
        assert api.get(path).status_code == 404


def test_chapters_and_contents_have_no_list_of_their_own(api, course):
    assert api.get("chapters").status_code == 405
    assert api.get("contents").status_code == 405


def test_products(api, course, school):
    other = factories.course(school)
    course.product.related.add(other.product)
    item = api.get(f"products/{course.product_id}").json()
    assert item["productable_type"] == "Course"
    assert item["productable_id"] == course.pk
    assert item["price"] == "49.5"  # a string, as live data
    assert item["instructor_names"] == "Bob Ross"
    assert item["related_product_ids"] == [other.product_id]
    [price] = item["product_prices"]
    assert price["price"] == "49.5" and price["price_name"] == course.name
    related = api.get(f"products/{course.product_id}/related").json()["items"]
    assert [product["id"] for product in related] == [other.product_id]
    assert api.get("products").json()["meta"]["pagination"]["total_items"] == 2


def test_bundles(api, school, course):
    second = factories.course(school)
    bundle = factories.bundle(school, [course, second])
    data = api.get(f"bundles/{bundle.pk}").json()
    assert data["course_ids"] == [course.pk, second.pk]
    assert data["name"] == bundle.name
    courses = api.get(f"bundles/{bundle.pk}/courses").json()["items"]
    assert [item["id"] for item in courses] == [course.pk, second.pk]
    assert api.get("bundles").status_code == 405
    product = api.get(f"products/{bundle.product_id}").json()
    assert (product["productable_type"], product["productable_id"]) == ("Bundle", bundle.pk)


class TestBundleEnrollments:
    @pytest.fixture
    def bundle(self, school, course):
        return factories.bundle(school, [course, factories.course(school)])

    def test_enrol_in_every_course(self, api, school, bundle):
        user = factories.user(school)
        body = {"user_id": user.pk, "activated_at": "2024-01-01T00:00:00Z"}
        response = api.post(f"bundles/{bundle.pk}/enrollments", body)
        assert (response.status_code, response.content) == (201, b"")
        listed = api.get(f"bundles/{bundle.pk}/enrollments").json()
        assert listed["meta"]["pagination"]["total_items"] == 2
        assert {item["course_id"] for item in listed["items"]} == set(
            bundle.courses.values_list("pk", flat=True)
        )
        assert m.Event.objects.filter(school=school, action="created").count() == 2

    def test_update_every_enrollment_of_the_bundle(self, api, school, bundle):
        user = factories.user(school)
        for course in bundle.courses.all():
            factories.enrollment(user, course)
        body = {"user_id": user.pk, "expiry_date": "2020-01-01T00:00:00Z"}
        assert api.put(f"bundles/{bundle.pk}/enrollments", body).status_code == 204
        items = api.get(f"bundles/{bundle.pk}/enrollments", {"query[expired]": "true"})
        assert items.json()["meta"]["pagination"]["total_items"] == 2

    def test_user_id_is_required(self, api, bundle):
        response = api.post(f"bundles/{bundle.pk}/enrollments", {})
        assert (response.status_code, response.json()) == (
            422,
            {"errors": {"user_id": ["can't be blank"]}},
        )

    def test_filters_apply(self, api, school, bundle):
        ada, bob = factories.user(school), factories.user(school)
        for course in bundle.courses.all():
            factories.enrollment(ada, course)
        factories.enrollment(bob, bundle.courses.first())
        response = api.get(f"bundles/{bundle.pk}/enrollments", {"query[user_id]": bob.pk})
        assert response.json()["meta"]["pagination"]["total_items"] == 1
