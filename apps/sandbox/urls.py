"""Mounted at /sandbox/ (when SANDBOX_ENABLED): a page about it, Thinkific's own paths below.

/sandbox/                            what the sandbox is, its schools (for logged-in staff)
/sandbox/api/public/v1/...           Admin API v1
/sandbox/api/v2/...                  Webhooks API v2
/sandbox/sites/<subdomain>/oauth2/   OAuth for one school
"""

from django.urls import path, re_path

from apps.sandbox.resources import NESTED, TOP_LEVEL
from apps.sandbox.views import admin_api, generic, home, oauth, webhooks_api

app_name = "sandbox"

V1 = "api/public/v1/"
V2 = "api/v2/"


def resource_paths() -> list:
    """`<name>` and `<name>/<id>` for each resource, and the lists nested under records."""
    paths = []
    for name, resource in TOP_LEVEL.items():
        paths += [
            path(f"{V1}{name}", generic.collection, {"resource": resource}, name=name),
            path(f"{V1}{name}/<str:pk>", generic.member, {"resource": resource}, name=f"{name}-1"),
        ]
    for parent_path, child_path, parent, child, via in NESTED:
        paths.append(
            path(
                f"{V1}{parent_path}/<str:pk>/{child_path}",
                generic.children,
                {"parent": parent, "child": child, "via": via},
                name=f"{parent_path}-{child_path}",
            )
        )
    return paths


special_paths = [
    path(f"{V1}users/<str:pk>/authentications/<str:provider>", admin_api.user_authentication),
    path(f"{V1}promotions/by_coupon", admin_api.promotion_by_coupon),
    path(f"{V1}coupons/bulk_create", admin_api.coupons_bulk_create),
    path(f"{V1}collection_memberships/<str:pk>", admin_api.collection_memberships),
    path(f"{V1}bundles/<str:pk>/enrollments", admin_api.bundle_enrollments),
    path(f"{V1}groups/<str:group_id>/analysts", admin_api.group_analysts),
    path(f"{V1}groups/<str:group_id>/analysts/<str:user_id>", admin_api.group_analyst),
    path(f"{V1}group_analysts/<str:user_id>/groups", admin_api.analyst_groups),
    path(f"{V1}group_analysts/<str:user_id>/groups/<str:group_id>", admin_api.analyst_group),
    path(f"{V1}group_users", admin_api.group_users),
    path(f"{V1}external_orders", admin_api.external_orders),
    re_path(
        rf"^{V1}external_orders/(?P<pk>[^/]+)/transactions/(?P<kind>purchase|refund)$",
        admin_api.external_order_transaction,
    ),
]

webhooks_paths = [
    path(f"{V2}webhooks", webhooks_api.webhook_list, name="webhooks"),
    path(f"{V2}webhooks/<str:pk>", webhooks_api.webhook_detail, name="webhook"),
    path(f"{V2}events/<str:pk>", webhooks_api.event_detail, name="event"),
]

oauth_paths = [
    path("sites/<slug:subdomain>/oauth2/authorize", oauth.authorize, name="authorize"),
    path("sites/<slug:subdomain>/oauth2/token", oauth.token, name="token"),
    path("sites/<slug:subdomain>/oauth2/revoke", oauth.revoke, name="revoke"),
]

urlpatterns = [
    path("", home.index, name="index"),
    *special_paths,
    *resource_paths(),
    *webhooks_paths,
    *oauth_paths,
    re_path(r"^(?P<path>api/(?s:.*))$", generic.unknown_path),  # a line break in it too
]
