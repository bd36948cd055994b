"""`school_seed`: a demo school, built deterministically from a seed at a chosen size.

The same seed and size give the same records (names, prices, dates, progress); only ids
and credentials differ between runs. Records are written with bulk_create in batches,
in one transaction.
"""

from __future__ import annotations

from django.apps import apps
from django.db import connection, transaction

from apps.sandbox import counting
from apps.sandbox import models as m
from apps.sandbox.demo.seed.base import Demo, Sizes
from apps.sandbox.demo.seed.catalog import add_catalog
from apps.sandbox.demo.seed.people import add_groups, add_people
from apps.sandbox.demo.seed.sales import add_enrollments, add_orders, add_promotions, add_reviews

__all__ = ["Sizes", "counts", "school_data_delete", "school_reseed", "school_seed"]


def school_seed(*, subdomain: str, name: str, sizes: Sizes, seed: int = 1) -> m.School:
    """Create the school and fill it. The caller checks that the subdomain is free."""
    with transaction.atomic():
        school = m.School.objects.create(name=name, subdomain=subdomain)
        build(Demo.start(school, sizes, seed))
    analyze()
    return school


def school_reseed(*, school: m.School, sizes: Sizes, seed: int = 1) -> None:
    """Replace a school's records (its credentials, settings and webhooks stay)."""
    with transaction.atomic(), counting.batched():
        school_data_delete(school)
        build(Demo.start(school, sizes, seed))
    analyze()


def school_data_delete(school: m.School) -> None:
    """Every record of the school, leaves first so each delete has nothing to cascade to."""
    m.Delivery.objects.filter(school=school).delete()
    m.Event.objects.filter(school=school).delete()
    m.GroupMembership.objects.filter(group__school=school).delete()
    for model in (
        m.CourseReview,
        m.CustomProfileField,
        m.UserAuthentication,
        m.Enrollment,
        m.Order,
        m.ExternalOrderTransaction,
        m.ExternalOrder,
        m.Coupon,
        m.Promotion,
        m.Collection,
        m.Bundle,
        m.Content,
        m.Chapter,
        m.Course,
        m.ProductPrice,
        m.Product,
        m.Instructor,
        m.Group,
        m.User,
        m.CustomProfileFieldDefinition,
    ):
        model.objects.filter(school=school).delete()


def build(demo: Demo) -> None:
    """Every part in order; bulk writes send no signals, so every table is touched after."""
    add_people(demo)
    add_catalog(demo)
    add_promotions(demo)
    add_enrollments(demo)
    add_orders(demo)
    add_groups(demo)
    add_reviews(demo)
    counting.touch_all()


def analyze() -> None:
    """Refresh the planner's statistics, so big schools' lists use the (school, id) index."""
    with connection.cursor() as cursor:
        for model in apps.get_app_config("sandbox").get_models(include_auto_created=True):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def counts(school: m.School) -> dict[str, int]:
    """How many of each record the school has (for the seed command's report)."""
    models = {
        "users": m.User,
        "instructors": m.Instructor,
        "categories": m.Collection,
        "courses": m.Course,
        "bundles": m.Bundle,
        "chapters": m.Chapter,
        "contents": m.Content,
        "promotions": m.Promotion,
        "coupons": m.Coupon,
        "enrollments": m.Enrollment,
        "orders": m.Order,
        "groups": m.Group,
        "course reviews": m.CourseReview,
    }
    return {label: model.objects.filter(school=school).count() for label, model in models.items()}
