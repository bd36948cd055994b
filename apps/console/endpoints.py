"""The endpoints the portal knows, offered as suggestions for the console's path field.

Paths are written as the console takes them: `/v1/...` is the Admin API and `/v2/...` the
Webhooks API. `{id}` marks a part the user fills in.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Endpoint:
    path: str
    methods: tuple[str, ...]

    @property
    def label(self) -> str:
        return " ".join(self.methods)


def _e(path: str, *methods: str) -> Endpoint:
    return Endpoint(path, methods or ("GET",))


ENDPOINTS: tuple[Endpoint, ...] = (
    _e("/v1/users", "GET", "POST"),
    _e("/v1/users/{id}", "GET", "PUT", "DELETE"),
    _e("/v1/users/{id}/authentications/{provider}"),
    _e("/v1/instructors", "GET", "POST"),
    _e("/v1/instructors/{id}", "GET", "PUT", "DELETE"),
    _e("/v1/collections", "GET", "POST"),
    _e("/v1/collections/{id}", "GET", "PUT", "DELETE"),
    _e("/v1/collections/{id}/products"),
    _e("/v1/collection_memberships/{id}", "POST", "DELETE"),
    _e("/v1/promotions", "GET", "POST"),
    _e("/v1/promotions/{id}", "GET", "PUT", "DELETE"),
    _e("/v1/promotions/by_coupon"),
    _e("/v1/coupons", "GET", "POST"),
    _e("/v1/coupons/bulk_create", "POST"),
    _e("/v1/coupons/{id}", "GET", "PUT", "DELETE"),
    _e("/v1/orders"),
    _e("/v1/orders/{id}"),
    _e("/v1/external_orders", "POST"),
    _e("/v1/external_orders/{id}/transactions/purchase", "POST"),
    _e("/v1/external_orders/{id}/transactions/refund", "POST"),
    _e("/v1/enrollments", "GET", "POST"),
    _e("/v1/enrollments/{id}", "GET", "PUT"),
    _e("/v1/bundles/{id}"),
    _e("/v1/bundles/{id}/courses"),
    _e("/v1/bundles/{id}/enrollments", "GET", "POST", "PUT"),
    _e("/v1/courses"),
    _e("/v1/courses/{id}"),
    _e("/v1/courses/{id}/chapters"),
    _e("/v1/chapters/{id}"),
    _e("/v1/chapters/{id}/contents"),
    _e("/v1/contents/{id}"),
    _e("/v1/products"),
    _e("/v1/products/{id}"),
    _e("/v1/products/{id}/related"),
    _e("/v1/product_publish_requests"),
    _e("/v1/product_publish_requests/{id}"),
    _e("/v1/product_publish_requests/{id}/approve", "POST"),
    _e("/v1/product_publish_requests/{id}/deny", "POST"),
    _e("/v1/groups", "GET", "POST"),
    _e("/v1/groups/{id}", "GET", "DELETE"),
    _e("/v1/groups/{id}/analysts", "GET", "POST"),
    _e("/v1/groups/{id}/analysts/{user_id}", "DELETE"),
    _e("/v1/group_analysts/{user_id}/groups", "POST"),
    _e("/v1/group_analysts/{user_id}/groups/{group_id}", "DELETE"),
    _e("/v1/group_users", "POST"),
    _e("/v1/custom_profile_field_definitions"),
    _e("/v1/course_reviews", "GET", "POST"),
    _e("/v1/course_reviews/{id}"),
    _e("/v1/site_scripts", "GET", "POST"),
    _e("/v1/site_scripts/{id}", "GET", "PUT", "DELETE"),
    _e("/v2/webhooks", "GET", "POST"),
    _e("/v2/webhooks/{id}", "GET", "PUT", "DELETE"),
    _e("/v2/events/{id}"),
)
