"""The sandbox's own records: each belongs to one school."""

from apps.sandbox.models.catalog import (
    CONTENT_TYPES,
    Bundle,
    Chapter,
    Collection,
    Content,
    Course,
    Product,
    ProductPrice,
)
from apps.sandbox.models.commerce import (
    Coupon,
    ExternalOrder,
    ExternalOrderTransaction,
    Order,
    Promotion,
)
from apps.sandbox.models.learning import CourseReview, Enrollment
from apps.sandbox.models.people import (
    PROVIDERS,
    ROLES,
    CustomProfileField,
    CustomProfileFieldDefinition,
    Group,
    GroupMembership,
    Instructor,
    User,
    UserAuthentication,
)
from apps.sandbox.models.schools import AccessToken, AuthorizationCode, School
from apps.sandbox.models.versions import TableVersion
from apps.sandbox.models.webhooks import Delivery, DeliveryAttempt, Event, Webhook

__all__ = [
    "CONTENT_TYPES",
    "PROVIDERS",
    "ROLES",
    "AccessToken",
    "AuthorizationCode",
    "Bundle",
    "Chapter",
    "Collection",
    "Content",
    "Coupon",
    "Course",
    "CourseReview",
    "CustomProfileField",
    "CustomProfileFieldDefinition",
    "Delivery",
    "DeliveryAttempt",
    "Enrollment",
    "Event",
    "ExternalOrder",
    "ExternalOrderTransaction",
    "Group",
    "GroupMembership",
    "Instructor",
    "Order",
    "Product",
    "ProductPrice",
    "Promotion",
    "School",
    "TableVersion",
    "User",
    "UserAuthentication",
    "Webhook",
]
