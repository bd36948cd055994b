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


# The names staff know, where Thinkific's API has the resource under another:
# (API version, first part of the path) -> (Thinkific's path, what to say).
ALIASES: dict[tuple[str, str], tuple[str, str]] = {
    ("v1", "categories"): ("/v1/collections", "Thinkific's API calls categories “collections”"),
    ("v1", "category_memberships"): (
        "/v1/collection_memberships",
        "Thinkific's API calls a category's products “collection memberships”",
    ),
    ("v1", "students"): ("/v1/users", "Thinkific's API lists students among the users"),
    ("v1", "lessons"): ("/v1/contents", "Thinkific's API calls a chapter's lessons “contents”"),
    ("v1", "reviews"): ("/v1/course_reviews", "Thinkific's API calls reviews “course reviews”"),
    ("v1", "webhooks"): ("/v2/webhooks", "Webhooks are in Thinkific's Webhooks API, v2"),
    ("v1", "events"): ("/v2/events", "Events are in Thinkific's Webhooks API, v2"),
}


def alias_hint(method: str, path: str) -> str:
    """For a path Thinkific does not know under a name staff use ("/v1/categories"), what
    it is called there and the call to try instead; "" for any other path."""
    version, _, rest = path.strip("/").partition("/")
    first, slash, tail = rest.partition("/")
    known = ALIASES.get((version.lower(), first.lower()))
    if known is None:
        return ""
    replacement, reason = known
    return f"{reason}: try {method} {replacement}{slash}{tail}."
