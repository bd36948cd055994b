"""Every Admin API v1 resource, described once: `urls` serves each with the generic views."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet
from django.http import QueryDict

from apps.sandbox import errors, selectors, serializers
from apps.sandbox import models as m
from apps.sandbox.api.resource import Resource
from apps.sandbox.services import catalog, commerce, learning, people
from apps.sandbox.validation import parse_bool


def parent_scope(
    param: str, name: str, queryset: Callable[[m.School], QuerySet]
) -> Callable[[m.School, QueryDict], dict]:
    """`?<param>=<id>`: required, and must be a record of this school."""

    def scope(school: m.School, params: QueryDict) -> dict:
        if not params.get(param):
            raise errors.BadRequestError(f"Parameter {param} is required.")
        return {name: selectors.get(queryset(school), params[param])}

    return scope


def approved_only(queryset: QuerySet, params: QueryDict) -> QuerySet:
    return queryset.filter(approved=True) if parse_bool(params.get("approved", "")) else queryset


USERS = Resource(
    queryset=selectors.users,
    serialize=serializers.user,
    search=selectors.user_search,
    find=selectors.user_find,
    create=people.user_create,
    update=people.user_update,
    delete=people.user_delete,
)
INSTRUCTORS = Resource(
    queryset=selectors.instructors,
    serialize=serializers.instructor,
    create=people.instructor_create,
    update=people.instructor_update,
    delete=people.instructor_delete,
)
COLLECTIONS = Resource(
    queryset=selectors.collections,
    serialize=serializers.collection,
    create=catalog.collection_create,
    update=catalog.collection_update,
    delete=catalog.collection_delete,
)
PROMOTIONS = Resource(
    queryset=selectors.promotions,
    serialize=serializers.promotion,
    create=commerce.promotion_create,
    update=commerce.promotion_update,
    delete=commerce.promotion_delete,
)
COUPONS = Resource(
    queryset=selectors.coupons,
    serialize=serializers.coupon,
    scope=parent_scope("promotion_id", "promotion", selectors.promotions),
    create=commerce.coupon_create,
    update=commerce.coupon_update,
    delete=commerce.coupon_delete,
)
ORDERS = Resource(queryset=selectors.orders, serialize=serializers.order)
ENROLLMENTS = Resource(
    queryset=selectors.enrollments,
    serialize=serializers.enrollment,
    search=selectors.enrollment_search,
    create=learning.enrollment_create,
    update=learning.enrollment_update,
)
BUNDLES = Resource(queryset=selectors.bundles, serialize=serializers.bundle, listed=False)
COURSES = Resource(queryset=selectors.courses, serialize=serializers.course)
CHAPTERS = Resource(queryset=selectors.chapters, serialize=serializers.chapter, listed=False)
CONTENTS = Resource(queryset=selectors.contents, serialize=serializers.content, listed=False)
PRODUCTS = Resource(queryset=selectors.products, serialize=serializers.product)
GROUPS = Resource(
    queryset=selectors.groups,
    serialize=serializers.group,
    create=people.group_create,
    delete=people.group_delete,
    created_status=200,  # the one create that answers 200
)
PROFILE_FIELD_DEFINITIONS = Resource(
    queryset=selectors.profile_field_definitions,
    serialize=serializers.profile_field_definition,
    readable=False,
)
COURSE_REVIEWS = Resource(
    queryset=selectors.course_reviews,
    serialize=serializers.course_review,
    search=approved_only,
    scope=parent_scope("course_id", "course", selectors.courses),
    create=learning.course_review_create,
)

# Plain resources: path -> resource, served at <path> and <path>/<id>.
TOP_LEVEL = {
    "users": USERS,
    "instructors": INSTRUCTORS,
    "collections": COLLECTIONS,
    "promotions": PROMOTIONS,
    "coupons": COUPONS,
    "orders": ORDERS,
    "enrollments": ENROLLMENTS,
    "bundles": BUNDLES,
    "courses": COURSES,
    "chapters": CHAPTERS,
    "contents": CONTENTS,
    "products": PRODUCTS,
    "groups": GROUPS,
    "custom_profile_field_definitions": PROFILE_FIELD_DEFINITIONS,
    "course_reviews": COURSE_REVIEWS,
}

# Lists under a record: (parent path, child path, parent, child, how a child names its parent).
NESTED = (
    ("courses", "chapters", COURSES, CHAPTERS, "course"),
    ("chapters", "contents", CHAPTERS, CONTENTS, "chapter"),
    ("collections", "products", COLLECTIONS, PRODUCTS, "collections"),
    ("products", "related", PRODUCTS, PRODUCTS, "related_from"),
    ("bundles", "courses", BUNDLES, COURSES, "bundles"),
)
