"""Thinkific's records (from a list page, an event or a write's answer) as index rows,
and the index's kinds of rows (`storing` writes them)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import models

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
BIGINT = 2**63  # the database's integers are 64 bits


def held(ids: Iterable[object]) -> list[int]:
    """The ids a 64-bit column can hold: a query for any other would fail, and none is there."""
    return [i for i in ids if type(i) is int and -BIGINT <= i < BIGINT]


def bounded(row: Row) -> Row:
    """The row with any number past 64 bits unknown (None): no id or amount Thinkific
    gives is that large, and the database could not hold it."""
    return {
        name: None
        if isinstance(value, int) and not isinstance(value, bool) and not -BIGINT <= value < BIGINT
        else value
        for name, value in row.items()
    }


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
    fraction = None if percent is None else max(Decimal(0), min(Decimal(1), percent / 100))
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


# -- and back: a row as an event's payload would carry it (an event rebuilt from a read) ----


def _stamp(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _user_of(row: Row) -> dict:
    return {"id": row["user_id"], "email": row["user_email"], "first_name": row["user_name"]}


def event_payload(kind: str, row: Row) -> dict:
    """The payload of `kind`'s events ("users", "orders", "enrollments") for this row, in
    the shape `order_from_event` and `enrollment_from_event` read."""
    if kind == "users":
        fields = ("first_name", "last_name", "email", "company", "roles", "external_source")
        return {
            "id": row["thinkific_id"],
            **{name: row[name] for name in fields},
            "created_at": _stamp(row["created_at"]),
        }
    if kind == "orders":
        return {
            "id": row["thinkific_id"],
            "user": _user_of(row),
            "product_id": row["product_id"],
            "product_name": row["product_name"],
            "status": row["status"],
            "amount_cents": row["amount_cents"],
            "coupon": {"code": row["coupon_code"]} if row["coupon_code"] else None,
            "subscription": row["subscription"],
            "created_at": _stamp(row["created_at"]),
        }
    percent = row["percentage_completed"]
    return {
        "id": row["thinkific_id"],
        "user": _user_of(row),
        "course": {"id": row["course_id"], "name": row["course_name"]},
        "course_id": row["course_id"],
        "percentage_completed": None if percent is None else f"{Decimal(percent) * 100:f}",
        "free_trial": row["is_free_trial"],
        **{
            name: _stamp(row[name])
            for name in ("activated_at", "completed_at", "expiry_date", "created_at", "updated_at")
        },
    }


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


def fits(field: models.Field, value: Any) -> bool:
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
