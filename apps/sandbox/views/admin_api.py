"""Admin API v1 paths that are not plain resource lists or records."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from apps.sandbox import errors, resources, selectors, serializers
from apps.sandbox.api.http import body, endpoint, no_content, ok
from apps.sandbox.services import catalog, commerce, learning, people


@endpoint("GET")
def user_authentication(request: HttpRequest, pk: str, provider: str) -> HttpResponse:
    user = resources.USERS.get(request.caller.school, pk)
    found = user.authentications.filter(provider=provider).first()
    if found is None:
        raise errors.NotFoundError()
    return ok(serializers.authentication(found))


@endpoint("GET")
def promotion_by_coupon(request: HttpRequest) -> HttpResponse:
    promotion = commerce.promotion_by_coupon(
        school=request.caller.school,
        product_id=request.GET.get("product_id", ""),
        coupon_code=request.GET.get("coupon_code", ""),
    )
    return ok(serializers.promotion(promotion))


@endpoint("POST")
def coupons_bulk_create(request: HttpRequest) -> HttpResponse:
    school = request.caller.school
    scope = resources.COUPONS.scope(school, request.GET)
    coupons = commerce.coupons_bulk_create(school=school, data=body(request), **scope)
    return ok({"items": [serializers.coupon(coupon) for coupon in coupons]}, 201)


@endpoint("POST", "DELETE")
def collection_memberships(request: HttpRequest, pk: str) -> HttpResponse:
    collection = resources.COLLECTIONS.get(request.caller.school, pk)
    if request.method == "POST":
        catalog.collection_products_add(collection=collection, data=body(request))
        return no_content(201)
    catalog.collection_products_remove(collection=collection, data=body(request))
    return no_content()


@endpoint("GET", "POST", "PUT")
def bundle_enrollments(request: HttpRequest, pk: str) -> HttpResponse:
    school = request.caller.school
    bundle = resources.BUNDLES.get(school, pk)
    if request.method == "POST":
        learning.bundle_enroll(bundle=bundle, data=body(request))
        return no_content(201)
    if request.method == "PUT":
        learning.bundle_enrollments_update(bundle=bundle, data=body(request))
        return no_content()
    return ok(resources.ENROLLMENTS.page(school, request.GET, course__bundles=bundle))


def _group(request: HttpRequest, group_id: str):
    return selectors.get(
        selectors.groups(request.caller.school),
        group_id,
        not_found={"error": [{"group_id": f"Could not find group with ID {group_id}."}]},
    )


@endpoint("GET", "POST")
def group_analysts(request: HttpRequest, group_id: str) -> HttpResponse:
    group = _group(request, group_id)
    if request.method == "POST":
        people.group_analysts_add(group=group, data=body(request))
        return no_content(201)
    return ok({"group_analysts": list(group.analysts.order_by("pk").values_list("pk", flat=True))})


@endpoint("DELETE")
def group_analyst(request: HttpRequest, group_id: str, user_id: str) -> HttpResponse:
    people.group_analyst_remove(school=request.caller.school, group_id=group_id, user_id=user_id)
    return no_content()


def _analyst(request: HttpRequest, user_id: str):
    return selectors.get(
        selectors.users(request.caller.school),
        user_id,
        not_found={"error": {"user_id": [f"Could not find user with ID {user_id}."]}},
    )


@endpoint("POST")
def analyst_groups(request: HttpRequest, user_id: str) -> HttpResponse:
    people.analyst_groups_add(user=_analyst(request, user_id), data=body(request))
    return no_content(201)


@endpoint("DELETE")
def analyst_group(request: HttpRequest, user_id: str, group_id: str) -> HttpResponse:
    people.analyst_group_remove(user=_analyst(request, user_id), group_id=group_id)
    return no_content()


@endpoint("POST")
def group_users(request: HttpRequest) -> HttpResponse:
    people.group_users_add(school=request.caller.school, data=body(request))
    return no_content(201)


@endpoint("POST")
def external_orders(request: HttpRequest) -> HttpResponse:
    order = commerce.external_order_create(school=request.caller.school, data=body(request))
    return ok({"id": order.pk}, 201)


@endpoint("POST")
def external_order_transaction(request: HttpRequest, pk: str, kind: str) -> HttpResponse:
    order = selectors.get(selectors.external_orders(request.caller.school), pk)
    commerce.external_order_transaction_create(order=order, kind=kind, data=body(request))
    return no_content(200)
