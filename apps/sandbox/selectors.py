"""Reads: each resource's queryset (with what its serializer needs), filters and lookups."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Model, Prefetch, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone

from apps.sandbox import errors
from apps.sandbox import models as m
from apps.sandbox.related import RelatedQuerySet
from apps.sandbox.serializers import PROFILE_FIELD_COLUMNS
from apps.sandbox.validation import is_date_only, parse_bool, parse_int, parse_moment


def school_credentials(school: m.School, base_url: str) -> dict:
    """How to reach `school` from outside: its keys and base URLs under `base_url`."""
    return {
        "name": school.name,
        "subdomain": school.subdomain,
        "api_key": school.api_key,
        "oauth_client_id": school.oauth_client_id,
        "oauth_client_secret": school.oauth_client_secret,
        "api_base_url": f"{base_url}/sandbox",
        "oauth_base_url": f"{base_url}/sandbox/sites/{school.subdomain}",
    }


def of(model: type[Model]) -> RelatedQuerySet:
    """A queryset that can load related ids and columns cheaply (`with_ids`, `with_values`)."""
    return RelatedQuerySet(model)


def users(school: m.School) -> QuerySet:
    return (
        of(m.User)
        .filter(school=school)
        .with_ids("administered_courses")
        .with_values("profile_fields", *PROFILE_FIELD_COLUMNS)
    )


def instructors(school: m.School) -> QuerySet:
    return m.Instructor.objects.filter(school=school)


def collections(school: m.School) -> QuerySet:
    return of(m.Collection).filter(school=school).with_ids("products")


def promotions(school: m.School) -> QuerySet:
    return of(m.Promotion).filter(school=school).with_ids("coupons")


def coupons(school: m.School) -> QuerySet:
    return m.Coupon.objects.filter(school=school)


def orders(school: m.School) -> QuerySet:
    return m.Order.objects.filter(school=school).select_related("user", "product")


def enrollments(school: m.School) -> QuerySet:
    return m.Enrollment.objects.filter(school=school).select_related("user", "course")


def bundles(school: m.School) -> QuerySet:
    return of(m.Bundle).filter(school=school).with_ids("courses")


def courses(school: m.School) -> QuerySet:
    return of(m.Course).filter(school=school).with_ids("administrators", "chapters")


def chapters(school: m.School) -> QuerySet:
    return of(m.Chapter).filter(school=school).with_ids("contents")


def contents(school: m.School) -> QuerySet:
    return m.Content.objects.filter(school=school).select_related("school", "chapter__course")


def products(school: m.School) -> QuerySet:
    return (
        of(m.Product)
        .filter(school=school)
        .select_related("course__instructor", "bundle")
        .with_ids("collections", "related")
        .prefetch_related(
            Prefetch("prices", queryset=m.ProductPrice.objects.order_by("-is_primary", "id"))
        )
    )


def groups(school: m.School) -> QuerySet:
    return m.Group.objects.filter(school=school)


def profile_field_definitions(school: m.School) -> QuerySet:
    return m.CustomProfileFieldDefinition.objects.filter(school=school)


def course_reviews(school: m.School) -> QuerySet:
    return m.CourseReview.objects.filter(school=school)


def external_orders(school: m.School) -> QuerySet:
    return m.ExternalOrder.objects.filter(school=school)


def webhooks(school: m.School) -> QuerySet:
    return m.Webhook.objects.filter(school=school)


# -- lookups ------------------------------------------------------------------------------


def get(queryset: QuerySet, pk: Any, *, not_found: Any = None) -> Any:
    """The record with this integer id, or the Admin API's 404."""
    number = parse_int(pk)
    row = queryset.filter(pk=number).first() if number is not None else None
    if row is None:
        raise errors.NotFoundError(not_found)
    return row


def user_find(queryset: QuerySet, pk: str, params: QueryDict) -> m.User:
    """By Thinkific id, or by external id when `?provider=SSO|OPENID_CONNECT` is given."""
    provider = params.get("provider")
    if not provider:
        return get(queryset, pk)
    row = queryset.filter(
        authentications__provider=provider, authentications__external_id=pk
    ).first()
    if row is None:
        raise errors.NotFoundError()
    return row


# -- list filters -------------------------------------------------------------------------


def query(params: QueryDict) -> dict[str, str]:
    """The `query[name]=value` parameters, as {name: value} (blank values dropped)."""
    found = {}
    for key, value in params.items():
        if key.startswith("query[") and key.endswith("]") and value.strip():
            found[key[6:-1]] = value.strip()
    return found


def by_number(queryset: QuerySet, lookup: str, value: str) -> QuerySet:
    """Filter on an integer; a value that is not one matches nothing."""
    number = parse_int(value)
    return queryset.none() if number is None else queryset.filter(**{lookup: number})


def user_search(queryset: QuerySet, params: QueryDict) -> QuerySet:
    terms = query(params)
    if "email" in terms:
        queryset = queryset.filter(email=terms["email"].lower())
    if "role" in terms:
        role = terms["role"]
        queryset = queryset.filter(roles__contains=role) if role in m.ROLES else queryset.none()
    if "external_source" in terms:
        queryset = queryset.filter(external_source=terms["external_source"])
    if "custom_profile_field_label" in terms and "custom_profile_field_value" in terms:
        queryset = queryset.filter(
            profile_fields__definition__label=terms["custom_profile_field_label"],
            profile_fields__value=terms["custom_profile_field_value"],
        )
    if "group_id" in terms:
        queryset = by_number(queryset, "groupmembership__group_id", terms["group_id"])
    return queryset


def enrollment_search(queryset: QuerySet, params: QueryDict) -> QuerySet:
    terms = query(params)
    now = timezone.now()
    for name in ("user_id", "course_id"):
        if name in terms:
            queryset = by_number(queryset, name, terms[name])
    if "email" in terms:
        queryset = queryset.filter(user__email=terms["email"].lower())
    flags = {
        "free_trial": Q(is_free_trial=True),
        "full": Q(is_free_trial=False),
        "completed": Q(completed_at__isnull=False),
        "expired": Q(expiry_date__lte=now),
    }
    for name, condition in flags.items():
        wanted = parse_bool(terms.get(name, ""))
        if wanted is not None:
            queryset = queryset.filter(condition if wanted else ~condition)
    for field in ("created", "updated"):
        for operator in DATE_OPERATORS:
            value = terms.get(f"{field}_{operator}")
            condition = date_condition(f"{field}_at", operator, value) if value else None
            if condition is not None:
                queryset = queryset.filter(condition)
    return queryset


DATE_OPERATORS = ("on", "before", "on_or_before", "after", "on_or_after")


def date_condition(field: str, operator: str, value: str) -> Q | None:
    """`created_after=2021-04-27` means after that day; with a time, after that moment."""
    moment = parse_moment(value)
    if moment is None:
        return None
    if is_date_only(value) or operator == "on":
        start = moment.replace(hour=0, minute=0, second=0, microsecond=0)
        end = start + timedelta(days=1)
        bounds = {
            "on": {"gte": start, "lt": end},
            "before": {"lt": start},
            "on_or_before": {"lt": end},
            "after": {"gte": end},
            "on_or_after": {"gte": start},
        }[operator]
    else:
        bounds = {
            "before": {"lt": moment},
            "on_or_before": {"lte": moment},
            "after": {"gt": moment},
            "on_or_after": {"gte": moment},
        }[operator]
    return Q(**{f"{field}__{lookup}": bound for lookup, bound in bounds.items()})
