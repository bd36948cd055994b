"""Thinkific's records (from a list page, an event or a write's answer) as index rows,
and storing them: one upsert per batch, keyed by the school and Thinkific's id."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone

from apps.index.models import (
    IndexedEnrollment,
    IndexedInstructor,
    IndexedName,
    IndexedOrder,
    IndexedUser,
)
from apps.thinkific.records import to_bool, to_datetime, to_decimal, to_int
from apps.thinkific.resources.collections import Collection
from apps.thinkific.resources.courses import Course
from apps.thinkific.resources.enrollments import Enrollment
from apps.thinkific.resources.groups import Group
from apps.thinkific.resources.instructors import Instructor
from apps.thinkific.resources.orders import Order
from apps.thinkific.resources.products import Product
from apps.thinkific.resources.users import User

Row = dict[str, Any]
BIGINT = 2**63  # a signed 64-bit column holds -BIGINT up to BIGINT - 1


def words(*parts: object) -> str:
    """The row's searchable text: its words, lowercased (the query is lowercased too)."""
    return " ".join(str(part) for part in parts if part).lower()


def _text(value: object, size: int = 255) -> str:
    return str(value or "")[:size]


def user_row(user: User) -> Row:
    name = user.name
    return {
        "thinkific_id": user.id,
        "first_name": _text(user.first_name),
        "last_name": _text(user.last_name),
        "full_name": _text(name, 512),
        "email": _text(user.email, 254),
        "company": _text(user.company),
        "roles": list(user.roles),
        "external_source": _text(user.external_source),
        "created_at": user.created_at,
    }


def order_row(order: Order) -> Row:
    return _order(
        order.id,
        user_id=order.user_id,
        user_email=order.user_email,
        user_name=order.user_name,
        product_id=order.product_id,
        product_name=order.product_name,
        status=order.status,
        amount_cents=order.amount_cents,
        coupon_code=order.coupon_code,
        subscription=order.subscription,
        created_at=order.created_at,
    )


def _order(thinkific_id: int, **values: Any) -> Row:
    values = {
        **values,
        "user_email": _text(values["user_email"], 254),
        "user_name": _text(values["user_name"], 512),
        "product_name": _text(values["product_name"]),
        "status": _text(values["status"], 40).lower(),
        "coupon_code": _text(values["coupon_code"]),
    }
    return {"thinkific_id": thinkific_id, **values}


def enrollment_row(enrollment: Enrollment) -> Row:
    return _enrollment(
        enrollment.id,
        user_id=enrollment.user_id,
        user_email=enrollment.user_email,
        user_name=enrollment.user_name,
        course_id=enrollment.course_id,
        course_name=enrollment.course_name,
        percentage_completed=enrollment.percentage_completed,
        completed=enrollment.completed,
        is_free_trial=enrollment.is_free_trial,
        activated_at=enrollment.activated_at,
        completed_at=enrollment.completed_at,
        expiry_date=enrollment.expiry_date,
        created_at=enrollment.created_at,
        updated_at=enrollment.updated_at,
    )


def _enrollment(thinkific_id: int, **values: Any) -> Row:
    values = {
        **values,
        "user_email": _text(values["user_email"], 254),
        "user_name": _text(values["user_name"], 512),
        "course_name": _text(values["course_name"]),
    }
    return {"thinkific_id": thinkific_id, **values}


def instructor_row(instructor: Instructor) -> Row:
    return {
        "thinkific_id": instructor.id,
        "first_name": _text(instructor.first_name),
        "last_name": _text(instructor.last_name),
        "email": _text(instructor.email, 254),
        "title": _text(instructor.title),
        "slug": _text(instructor.slug),
        "avatar_url": _text(instructor.avatar_url, 1000),
        "user_id": instructor.user_id,
        "created_at": instructor.created_at,
    }


def name_row(kind: str) -> Callable[[Any], Row]:
    def row(record: Any) -> Row:
        return {
            "thinkific_id": record.id,
            "kind": kind,
            "name": _text(record.name),
        }

    return row


# -- webhook payloads: nested user and course, percentages of 100, "free_trial" -----------


def _person(payload: dict) -> tuple[int | None, str, str]:
    user = payload.get("user") if isinstance(payload.get("user"), dict) else {}
    name = f"{user.get('first_name') or ''} {user.get('last_name') or ''}".strip()
    return to_int(user.get("id")), _text(user.get("email"), 254), name


def order_from_event(payload: dict) -> Row | None:
    order_id = to_int(payload.get("id"))
    if order_id is None:
        return None
    user_id, email, name = _person(payload)
    coupon = payload.get("coupon") if isinstance(payload.get("coupon"), dict) else {}
    cents = to_int(payload.get("amount_cents"))
    if cents is None and to_decimal(payload.get("amount_dollars")) is not None:
        cents = int(to_decimal(payload.get("amount_dollars")) * 100)
    return _order(
        order_id,
        user_id=user_id,
        user_email=email,
        user_name=name or payload.get("billing_name") or "",
        product_id=to_int(payload.get("product_id")),
        product_name=payload.get("product_name") or "",
        status=payload.get("status") or "",
        amount_cents=cents,
        coupon_code=coupon.get("code") or payload.get("coupon_code") or "",
        subscription=bool(to_bool(payload.get("subscription"))),
        created_at=to_datetime(payload.get("created_at")),
    )


def enrollment_from_event(payload: dict, *, completed: bool = False) -> Row | None:
    enrollment_id = to_int(payload.get("id"))
    if enrollment_id is None:
        return None
    user_id, email, name = _person(payload)
    course = payload.get("course") if isinstance(payload.get("course"), dict) else {}
    percent = to_decimal(payload.get("percentage_completed"))
    fraction = None if percent is None else min(Decimal(1), percent / 100)
    completed_at = to_datetime(payload.get("completed_at"))
    return _enrollment(
        enrollment_id,
        user_id=user_id,
        user_email=email,
        user_name=name,
        course_id=to_int(payload.get("course_id")) or to_int(course.get("id")),
        course_name=course.get("name") or "",
        percentage_completed=fraction,
        completed=completed or completed_at is not None or fraction == 1,
        is_free_trial=bool(to_bool(payload.get("free_trial"))),
        activated_at=to_datetime(payload.get("activated_at")),
        completed_at=completed_at,
        expiry_date=to_datetime(payload.get("expiry_date")),
        created_at=to_datetime(payload.get("created_at")),
        updated_at=to_datetime(payload.get("updated_at")),
    )


# -- storing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """One resource of the index: its list path on Thinkific, record, row and table."""

    name: str
    label: str
    path: str
    record: type
    row: Callable[[Any], Row]
    model: type[models.Model]
    name_kind: str = ""  # IndexedName's kind, for the names tables

    @property
    def rows(self) -> models.QuerySet:
        queryset = self.model.objects.all()
        return queryset.filter(kind=self.name_kind) if self.name_kind else queryset


KINDS: tuple[Kind, ...] = (
    Kind("courses", "courses", "courses", Course, name_row("course"), IndexedName, "course"),
    Kind("products", "products", "products", Product, name_row("product"), IndexedName, "product"),
    Kind(
        "categories",
        "categories",
        "collections",
        Collection,
        name_row("category"),
        IndexedName,
        "category",
    ),
    Kind("groups", "groups", "groups", Group, name_row("group"), IndexedName, "group"),
    Kind(
        "instructors", "instructors", "instructors", Instructor, instructor_row, IndexedInstructor
    ),
    Kind("users", "users", "users", User, user_row, IndexedUser),
    Kind("orders", "orders", "orders", Order, order_row, IndexedOrder),
    Kind(
        "enrollments", "enrollments", "enrollments", Enrollment, enrollment_row, IndexedEnrollment
    ),
)
BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}


def store(
    model: type[models.Model],
    connection_id: int,
    rows: Iterable[Row],
    *,
    seen_at: datetime | None = None,
) -> int:
    """Insert the rows, or update them where the school has them already (one statement)."""
    seen_at = seen_at or timezone.now()
    objects = [
        _ready(model(connection_id=connection_id, seen_at=seen_at, **row))
        for row in rows
        if _fits(model._meta.get_field("thinkific_id"), row["thinkific_id"])
    ]
    if not objects:
        return 0
    unique = ["connection", "thinkific_id"]
    if model is IndexedName:
        unique.insert(1, "kind")
    fields = [
        field.name
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in unique
    ]
    model.objects.bulk_create(
        objects, update_conflicts=True, unique_fields=unique, update_fields=fields
    )
    return len(objects)


def _ready(row: models.Model) -> models.Model:
    """The row as it is written: a value its column cannot hold (Thinkific's numbers have no
    bound) unknown rather than refused by the database, and its words for search."""
    for field in row._meta.concrete_fields:
        if field.null and not _fits(field, getattr(row, field.attname)):
            setattr(row, field.attname, None)
    row.search = words(*(getattr(row, name) for name in row.SEARCHED))
    return row


def _fits(field: models.Field, value: Any) -> bool:
    """Whether `field`'s column holds `value`: a record whose id it cannot hold stays out
    of the index (no URL takes that id either)."""
    if value is None:
        return not isinstance(field, models.BigIntegerField) or field.null
    if isinstance(field, models.BigIntegerField):
        return type(value) is int and -BIGINT <= value < BIGINT
    if isinstance(field, models.DecimalField):
        whole = Decimal(10) ** (field.max_digits - field.decimal_places)
        return abs(value) < whole and round(abs(value), field.decimal_places) < whole
    return True


def merge(model: type[models.Model], connection_id: int, row: Row, **lookup: Any) -> bool:
    """Update a stored row with the values of `row` that say something (an event or a
    write names only some fields); False when the school's index has no such row."""
    if not _fits(model._meta.get_field("thinkific_id"), row["thinkific_id"]):
        return False
    stored = model.objects.filter(
        connection_id=connection_id, thinkific_id=row["thinkific_id"], **lookup
    ).first()
    if stored is None:
        return False
    for name, value in row.items():
        if value not in (None, "", [], ()):
            setattr(stored, name, value)
    return save(stored)


def save(row: models.Model) -> bool:
    """Save a changed row, seen now, its words recomputed."""
    row.seen_at = timezone.now()
    _ready(row).save()
    return True


def keep(model: type[models.Model], connection_id: int, row: Row) -> bool:
    """Merge `row` into the stored one, or store it when the index has none yet."""
    lookup = {"kind": row["kind"]} if model is IndexedName else {}
    return merge(model, connection_id, row, **lookup) or bool(store(model, connection_id, [row]))


def remove(kind: Kind, connection_id: int, thinkific_ids: Iterable[int]) -> int:
    """Rows deleted on Thinkific, out of the index."""
    field = kind.model._meta.get_field("thinkific_id")
    held = [thinkific_id for thinkific_id in thinkific_ids if _fits(field, thinkific_id)]
    deleted, _ = kind.rows.filter(connection_id=connection_id, thinkific_id__in=held).delete()
    return deleted
