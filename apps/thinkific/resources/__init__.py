"""One module per Thinkific resource; `REGISTRY` binds them to `client.<name>`."""

from apps.thinkific.resources.bundles import Bundles
from apps.thinkific.resources.chapters import Chapters
from apps.thinkific.resources.collections import Collections
from apps.thinkific.resources.contents import Contents
from apps.thinkific.resources.coupons import Coupons
from apps.thinkific.resources.course_reviews import CourseReviews
from apps.thinkific.resources.courses import Courses
from apps.thinkific.resources.custom_profile_fields import CustomProfileFields
from apps.thinkific.resources.enrollments import Enrollments
from apps.thinkific.resources.external_orders import ExternalOrders
from apps.thinkific.resources.groups import Groups
from apps.thinkific.resources.instructors import Instructors
from apps.thinkific.resources.orders import Orders
from apps.thinkific.resources.products import Products
from apps.thinkific.resources.promotions import Promotions
from apps.thinkific.resources.users import Users
from apps.thinkific.resources.webhooks import Events, Webhooks

REGISTRY: dict[str, type] = {
    "users": Users,
    "instructors": Instructors,
    "collections": Collections,
    "promotions": Promotions,
    "coupons": Coupons,
    "orders": Orders,
    "enrollments": Enrollments,
    "courses": Courses,
    "chapters": Chapters,
    "contents": Contents,
    "products": Products,
    "groups": Groups,
    "custom_profile_fields": CustomProfileFields,
    "bundles": Bundles,
    "course_reviews": CourseReviews,
    "external_orders": ExternalOrders,
    "webhooks": Webhooks,
    "events": Events,
}
