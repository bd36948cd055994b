"""Reading the index: each list's rows, scoped to the school first, searched and sorted.

Every query starts from `connection_id`, so another school's rows are never reachable.
Lists come back as `apps.thinkific.pagination.Page`, like the live ones, so the same
templates and pager show them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from apps.connections.models import Connection
from apps.core.listcsv import csv_link
from apps.core.timezones import day_first, day_last
from apps.index import records, sync
from apps.index.models import (
    IndexedEnrollment,
    IndexedInstructor,
    IndexedName,
    IndexedOrder,
    IndexedUser,
    SchoolIndex,
)
from apps.index.search import Sort, matching
from apps.index.services import request_sync
from apps.thinkific.pagination import Page

USER_SORT = Sort(
    {"name": "full_name", "email": "email", "created_at": "created_at"},
    "name",
    {"name": "Name", "email": "Email", "created_at": "Created"},
)
ORDER_SORT = Sort(
    {"created_at": "created_at", "amount": "amount_cents"},
    "-created_at",
    {"created_at": "Date", "amount": "Amount"},
)
ENROLLMENT_SORT = Sort(
    {"created_at": "created_at", "user": "user_name", "course": "course_name"},
    "-created_at",
    {"created_at": "Created", "user": "User", "course": "Course"},
)
# By last name, then first, as a list of people is read ("Chen, Singh, Sanchez").
INSTRUCTOR_SORT = Sort(
    {"name": ("last_name", "first_name"), "email": "email"},
    "name",
    {"name": "Name", "email": "Email"},
)
# The users' role filter's value for those with none: Thinkific gives a plain student
# `roles: []`, and its API cannot ask for them (`query[role]` takes a role's name).
STUDENT = "student"


@dataclass(frozen=True)
class Freshness:
    """How fresh a list served from the index is, for its "as of" line."""

    read_at: datetime | None  # when the list was last read whole (or re-read)
    syncing: bool

    @property
    def minutes(self) -> int | None:
        if self.read_at is None:
            return None
        return int((timezone.now() - self.read_at).total_seconds() // 60)


def ready_index(connection: Connection) -> SchoolIndex | None:
    """The school's index when lists can be served from it; asks for due work meanwhile."""
    index = sync.index_of(connection)
    request_sync(connection, index=index)
    return index if index.is_ready else None


def indexed_list(request, index: SchoolIndex | None, resource: str, sorting: Sort, params: dict):
    """What a list page shows of the index (its freshness, sorting, CSV link), taking `q`
    and `sort` out of `params` when the list is live (Thinkific knows neither)."""
    if index is None:
        params.pop("q", None)
        params.pop("sort", None)
        return {"index": None}
    listed = {
        "index": index,
        "freshness": freshness(index, resource),
        "sorting": sorting,
        "sort": sorting.valid(params.get("sort")),
    }
    try:
        export = reverse(f"{resource}:export", args=[request.school.slug])
    except NoReverseMatch:  # a list without a CSV
        return listed
    return {**listed, "export": csv_link(request, export)}


def freshness(index: SchoolIndex, resource: str) -> Freshness:
    stamp = index.read_at.get(resource)
    read_at = datetime.fromisoformat(stamp) if stamp else index.last_full_at
    return Freshness(read_at=read_at, syncing=index.is_syncing)


def page_of(queryset: QuerySet, *, page: int = 1, limit: int = 25) -> Page:
    """One page of rows, with the counts the pager shows."""
    total = queryset.count()
    pages = -(-total // limit) if total else 0
    page = max(1, min(page, pages or 1))
    items = list(queryset[(page - 1) * limit : page * limit])
    return Page(
        items=items,
        current_page=page,
        next_page=page + 1 if page < pages else None,
        prev_page=page - 1 if page > 1 else None,
        total_pages=pages,
        total_items=total,
    )


# -- each list --------------------------------------------------------------------------


def users(
    *,
    connection_id: int,
    q: str = "",
    sort: str | None = None,
    email: str | None = None,
    role: str | None = None,
    external_source: str | None = None,
    ids: Iterable[int] | None = None,
) -> QuerySet:
    """Users matching `q` in any part of name, email or company, with the API's filters
    (`ids`: those Thinkific found for a filter the index cannot answer, say a group)."""
    rows = IndexedUser.objects.filter(connection_id=connection_id)
    if email:
        rows = rows.filter(email__iexact=email.strip())
    if role == STUDENT:
        rows = rows.filter(roles=[])
    elif role:
        rows = rows.filter(roles__icontains=f'"{role}"')
    if external_source:
        rows = rows.filter(external_source__iexact=external_source.strip())
    if ids is not None:
        rows = rows.filter(thinkific_id__in=records.held(ids))
    return USER_SORT.apply(matching(rows, q), sort)


def orders(
    *,
    connection_id: int,
    q: str = "",
    sort: str | None = None,
    user_id: int | None = None,
    product_id: int | None = None,
    status: str | None = None,
    created_from: date | None = None,
    created_until: date | None = None,
    amount_min: Decimal | None = None,
    amount_max: Decimal | None = None,
    coupon: str | None = None,
) -> QuerySet:
    """Orders by buyer (`q` on name or email, or `user_id`), product, status, dates (whole
    days, inclusive), amount in dollars (inclusive) and any part of the coupon code."""
    rows = IndexedOrder.objects.filter(connection_id=connection_id)
    if user_id:
        rows = rows.filter(user_id=user_id)
    if product_id:
        rows = rows.filter(product_id=product_id)
    if status:
        rows = rows.filter(status=status.lower())
    rows = _days(rows, "created_at", created_from, created_until)
    if amount_min is not None:
        rows = rows.filter(amount_cents__gte=int(amount_min * 100))
    if amount_max is not None:
        rows = rows.filter(amount_cents__lte=int(amount_max * 100))
    coupon = (coupon or "").strip()
    if coupon:
        # The search index narrows to rows with the code's letters anywhere in their words;
        # of those, the coupon code itself must hold them.
        rows = matching(rows, coupon).filter(coupon_code__icontains=coupon)
    return ORDER_SORT.apply(matching(rows, q), sort)


def enrollments(
    *,
    connection_id: int,
    q: str = "",
    sort: str | None = None,
    email: str | None = None,
    user_id: int | None = None,
    course_id: int | None = None,
    completed: bool | None = None,
    expired: bool | None = None,
    free_trial: bool | None = None,
    full: bool | None = None,
    created_on_or_after: date | None = None,
    created_on_or_before: date | None = None,
    updated_after: date | None = None,
    updated_on_or_before: date | None = None,
) -> QuerySet:
    """Enrollments matching `q` in the user's or the course's name, with every filter
    `GET /enrollments` offers, read as Thinkific reads them."""
    rows = IndexedEnrollment.objects.filter(connection_id=connection_id)
    if email:
        rows = rows.filter(user_email__iexact=email.strip())
    if user_id:
        rows = rows.filter(user_id=user_id)
    if course_id:
        rows = rows.filter(course_id=course_id)
    if completed is not None:
        rows = rows.filter(completed=completed)
    if expired is not None:
        lapsed = Q(expiry_date__lte=timezone.now())
        rows = rows.filter(lapsed if expired else ~lapsed)  # never expiring: not expired
    if free_trial:
        rows = rows.filter(is_free_trial=True)
    if full:
        rows = rows.filter(is_free_trial=False)
    rows = _days(rows, "created_at", created_on_or_after, created_on_or_before)
    if updated_after:
        rows = rows.filter(updated_at__gt=day_last(updated_after))
    rows = _days(rows, "updated_at", None, updated_on_or_before)
    return ENROLLMENT_SORT.apply(matching(rows, q), sort)


def instructors(*, connection_id: int, q: str = "", sort: str | None = None) -> QuerySet:
    rows = IndexedInstructor.objects.filter(connection_id=connection_id)
    return INSTRUCTOR_SORT.apply(matching(rows, q), sort)


def names(*, connection_id: int, kind: str) -> list[IndexedName]:
    """A school's courses, products, categories or groups, by name (for filter choices)."""
    return list(IndexedName.objects.filter(connection_id=connection_id, kind=kind).order_by("name"))


def names_matching(*, connection_id: int, kind: str, q: str) -> QuerySet[IndexedName]:
    """A school's courses, products, categories or groups whose name holds `q`, by name."""
    rows = IndexedName.objects.filter(connection_id=connection_id, kind=kind)
    return matching(rows, q).order_by("name", "thinkific_id")


def names_by_id(*, connection_id: int, kind: str, ids: Iterable[int]) -> dict[int, str]:
    """The names the index has of these courses, products, categories or groups."""
    rows = IndexedName.objects.filter(
        connection_id=connection_id, kind=kind, thinkific_id__in=records.held(ids)
    ).exclude(name="")
    return dict(rows.values_list("thinkific_id", "name"))


def order_statuses(*, connection_id: int) -> list[str]:
    """The statuses the school's orders have (Thinkific documents no list of them)."""
    rows = IndexedOrder.objects.filter(connection_id=connection_id).exclude(status="")
    return sorted(set(rows.values_list("status", flat=True).distinct()))


def _days(rows: QuerySet, field: str, first: date | None, last: date | None) -> QuerySet:
    """Rows whose `field` falls on the days from `first` to `last` (each included) in the
    staff member's zone."""
    if first:
        rows = rows.filter(**{f"{field}__gte": day_first(first)})
    if last:
        rows = rows.filter(**{f"{field}__lte": day_last(last)})
    return rows


@dataclass(frozen=True)
class Progress:
    """A school's index as its home page tells it."""

    index: SchoolIndex | None
    stage: str = ""  # the list being read: "users"
    done: int = 0
    total: int | None = None
    minutes_left: int | None = None

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))


def progress(connection: Connection) -> Progress:
    """Where the school's index is: not started, reading a list (with a time left, from
    the index's share of the budget), or ready."""
    index = SchoolIndex.objects.filter(connection=connection).first()
    if index is None or index.pass_started_at is None:
        return Progress(index)
    calls_left, stage = 0, None
    for kind in sync.KINDS:
        cursor = index.progress.get(kind.name, {})
        if cursor.get("finished"):
            continue
        stage = stage or (kind, cursor)
        items = cursor.get("items") or 0
        calls_left += max(1, -(-(items - cursor.get("done", 0)) // sync.MAX_LIMIT))
    if stage is None:
        return Progress(index)
    kind, cursor = stage
    per_minute = sync.share_per_minute()
    return Progress(
        index,
        stage=kind.label,
        done=cursor.get("done", 0),
        total=cursor.get("items"),
        minutes_left=-(-calls_left // per_minute),
    )
