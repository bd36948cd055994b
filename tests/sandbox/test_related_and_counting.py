"""The two list helpers: related ids in one query, and cached totals that never go stale."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.sandbox import counting, selectors
from apps.sandbox import models as m
from apps.sandbox.related import ids, values
from tests.sandbox import factories


def test_with_ids_loads_each_relation_once_for_the_page(school, django_assert_num_queries):
    courses = [factories.course(school, chapters=2) for _ in range(5)]
    with django_assert_num_queries(3):  # courses, administrators, chapters
        rows = list(selectors.courses(school).order_by("pk"))
        loaded = [ids(row, "chapters") for row in rows]
    assert loaded == [list(c.chapters.order_by("pk").values_list("pk", flat=True)) for c in courses]


def test_ids_follow_the_related_models_order(school):
    course = factories.course(school, chapters=0)
    late = m.Chapter.objects.create(school=school, course=course, name="Late", position=2)
    early = m.Chapter.objects.create(school=school, course=course, name="Early", position=1)
    row = selectors.courses(school).get(pk=course.pk)
    assert ids(row, "chapters") == [early.pk, late.pk]
    plain = m.Course.objects.get(pk=course.pk)  # loaded without with_ids: one query
    assert ids(plain, "chapters") == [early.pk, late.pk]


def test_with_values_loads_a_pages_related_columns_in_one_query(school, django_assert_num_queries):
    country = m.CustomProfileFieldDefinition.objects.create(school=school, label="Country")
    phone = m.CustomProfileFieldDefinition.objects.create(school=school, label="Phone")
    people = [factories.user(school) for _ in range(3)]
    for person in people[:2]:
        for definition in (phone, country):
            m.CustomProfileField.objects.create(
                school=school,
                user=person,
                definition=definition,
                value=f"{definition} of {person.pk}",
            )
    columns = ("id", "value", "definition__label")
    with django_assert_num_queries(2):  # the users, then their fields
        rows = list(
            selectors.of(m.User).filter(school=school).with_values("profile_fields", *columns)
        )
        loaded = [values(row, "profile_fields", *columns) for row in rows]
    # A record loaded otherwise gets the same, from a query of its own.
    assert loaded == [values(person, "profile_fields", *columns) for person in people]
    assert [field["definition__label"] for field in loaded[0]] == ["Phone", "Country"]
    assert loaded[0][0]["value"] == f"Phone of {people[0].pk}"
    assert loaded[2] == []


def count_queries(queryset) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        total = counting.count(queryset)
    counted = sum("COUNT(" in query["sql"] for query in captured.captured_queries)
    return total, counted


def test_a_total_is_counted_once_until_its_table_changes(school):
    factories.user(school)
    users = selectors.users(school)
    assert count_queries(users) == (1, 1)
    assert count_queries(users) == (1, 0)
    factories.user(school)
    assert count_queries(users) == (2, 1)
    m.User.objects.filter(school=school).first().delete()
    assert count_queries(users) == (1, 1)


def test_joined_tables_count_too(school):
    group = factories.group(school)
    user = factories.user(school)
    members = selectors.user_search(selectors.users(school), {"query[group_id]": str(group.pk)})
    assert count_queries(members) == (0, 1)
    m.GroupMembership.objects.create(group=group, user=user)
    assert count_queries(members) == (1, 1)


def test_many_to_many_changes_count(school):
    collection = m.Collection.objects.create(school=school, name="Art", slug="art")
    course = factories.course(school)
    products = selectors.products(school).filter(collections=collection)
    assert count_queries(products) == (0, 1)
    collection.products.add(course.product)
    assert count_queries(products) == (1, 1)


def test_bulk_writes_touch_in_batches(school):
    users = selectors.users(school)
    assert count_queries(users)[0] == 0
    with counting.batched():
        m.User.objects.bulk_create(
            [
                m.User(school=school, first_name="A", last_name="B", email=f"{n}@x.io")
                for n in range(3)
            ]
        )
        counting.touch(m.User)
        assert count_queries(users) == (0, 0)  # not bumped until the batch ends
    assert count_queries(users) == (3, 1)


def test_empty_querysets_count_nothing(school):
    assert count_queries(selectors.users(school).none()) == (0, 0)
