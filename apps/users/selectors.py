"""Reading users, and what the user pages show beside them, from Thinkific."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import islice

from django.core.cache import cache
from django.db.models import QuerySet

from apps.history.models import Entry
from apps.history.selectors import last_sent
from apps.index import selectors as index
from apps.index.models import IndexedUser
from apps.thinkific import ThinkificClient
from apps.thinkific.pagination import MAX_LIMIT, Page
from apps.thinkific.resources.custom_profile_fields import CustomProfileFieldDefinition
from apps.thinkific.resources.enrollments import Enrollment
from apps.thinkific.resources.groups import Group
from apps.thinkific.resources.orders import Order
from apps.thinkific.resources.users import User

# The school's groups and profile field definitions change rarely and are needed on every
# full list page and form: kept a few minutes, so a list page stays one request.
LOOKUP_TTL = 300
# A select of more groups than this would not be usable anyway.
MAX_GROUPS = 1000
# Fields Thinkific takes only when it creates a user, and its user record does not return.
CREATE_ONLY = ("external_id", "provider", "send_welcome_email")
DEFAULT_PROVIDER = "SSO"  # Thinkific's, for an external id sent without one


def user_list(
    *,
    client: ThinkificClient,
    page: int = 1,
    limit: int = 25,
    email: str | None = None,
    role: str | None = None,
    external_source: str | None = None,
    custom_profile_field_label: str | None = None,
    custom_profile_field_value: str | None = None,
    group_id: int | None = None,
) -> Page[User]:
    """One page of the school's users, filtered as `GET /users` allows (one request)."""
    filters = {
        "email": email,
        "role": role,
        "external_source": external_source,
        "group_id": group_id,
    }
    if custom_profile_field_label and custom_profile_field_value:
        filters["custom_profile_field_label"] = custom_profile_field_label
        filters["custom_profile_field_value"] = custom_profile_field_value
    present = {name: value for name, value in filters.items() if value not in (None, "")}
    return client.users.list(page=page, limit=limit, **present)


# A filter the index cannot answer (a group, a profile field) is asked of Thinkific: the
# ids of at most this many of its users, then searched and sorted in the index.
MAX_LIVE_IDS = 1000


def user_list_indexed(*, page: int = 1, limit: int = 25, **filters) -> Page[IndexedUser]:
    """One page of the school's users from its index (see `user_rows_indexed`)."""
    return index.page_of(user_rows_indexed(**filters), page=page, limit=limit)


def user_rows_indexed(
    *,
    client: ThinkificClient,
    connection_id: int,
    q: str = "",
    sort: str = "",
    group_id: int | None = None,
    custom_profile_field_label: str | None = None,
    custom_profile_field_value: str | None = None,
    **filters,
) -> QuerySet[IndexedUser]:
    """The school's users in its index: `q` in any part of name, email or company, sorted
    by `sort`, with the API's filters."""
    ids = None
    live = {"group_id": group_id}
    if custom_profile_field_label and custom_profile_field_value:
        live.update(
            custom_profile_field_label=custom_profile_field_label,
            custom_profile_field_value=custom_profile_field_value,
        )
    live = {name: value for name, value in live.items() if value}
    if live:
        ids = [user.id for user in islice(client.users.all(**live), MAX_LIVE_IDS)]
    return index.users(connection_id=connection_id, q=q, sort=sort, ids=ids, **filters)


def user_get(*, client: ThinkificClient, user_id: int | str, provider: str | None = None) -> User:
    """One user by Thinkific id, or by external id when `provider` is given."""
    return client.users.get(user_id, provider=provider)


def user_search(
    *, client: ThinkificClient, email: str, connection=None, limit: int = 10
) -> Page[User] | Page[IndexedUser]:
    """Users for pickers that must never list every user: matching any part of the name or
    email in the school's index (`connection`) when it is ready, else the whole email."""
    if connection is not None and index.ready_index(connection) is not None:
        rows = index.users(connection_id=connection.pk, q=email)
        return index.page_of(rows, limit=limit)
    return client.users.list(limit=limit, email=email.strip())


def user_enrollments(
    *, client: ThinkificClient, user_id: int, page: int = 1, limit: int = 25
) -> Page[Enrollment]:
    """One page of the user's enrollments (one request)."""
    return client.enrollments.list(page=page, limit=limit, user_id=user_id)


@dataclass(frozen=True)
class CreatedWith:
    """What the portal sent, when it created the user, of the fields only a create takes."""

    at: datetime
    external_id: str  # "" when none was sent
    provider: str  # "" without an external id
    welcome_email: bool


def user_created_with(*, connection, user_id: int) -> CreatedWith | None:
    """The external id, provider and welcome email the user was created with from this
    portal (its history), or None when the portal did not create them (or has forgotten)."""
    sent = last_sent(
        connection=connection,
        resource="users",
        record_id=user_id,
        fields=CREATE_ONLY,
        actions=(Entry.Action.CREATE,),
    )
    if not sent:
        return None
    external_id = sent["external_id"].value
    external_id = "" if external_id in (None, "") else str(external_id)
    provider = str(sent["provider"].value or DEFAULT_PROVIDER) if external_id else ""
    return CreatedWith(
        at=sent["external_id"].at,
        external_id=external_id,
        provider=provider,
        welcome_email=sent["send_welcome_email"].value is True,
    )


@dataclass(frozen=True)
class OrderScan:
    """The user's orders found on one page of the school's orders.

    Thinkific's `GET /orders` takes no filters, so a user's orders can only be found by
    reading the list; the detail page reads one page of 250 per request, on demand.
    """

    orders: tuple[Order, ...]
    page: Page[Order]

    @property
    def first_scanned(self) -> int:
        return (self.page.current_page - 1) * MAX_LIMIT + 1 if self.page.items else 0

    @property
    def last_scanned(self) -> int:
        return (self.page.current_page - 1) * MAX_LIMIT + len(self.page.items)


def user_orders_scan(*, client: ThinkificClient, user_id: int, page: int = 1) -> OrderScan:
    """The user's orders among one page of 250 of the school's orders (one request)."""
    orders = client.orders.list(page=page, limit=MAX_LIMIT)
    return OrderScan(tuple(o for o in orders if o.user_id == user_id), orders)


def custom_field_list(
    *, client: ThinkificClient, connection_id: int
) -> tuple[CustomProfileFieldDefinition, ...]:
    """The school's custom profile fields (cached a few minutes per connection)."""
    return _cached(connection_id, "definitions", lambda: tuple(client.custom_profile_fields.all()))


def group_list(*, client: ThinkificClient, connection_id: int) -> tuple[Group, ...]:
    """The school's groups, for picking one (cached a few minutes per connection)."""
    return _cached(connection_id, "groups", lambda: tuple(islice(client.groups.all(), MAX_GROUPS)))


def user_filter_options(*, client: ThinkificClient, connection_id: int) -> dict:
    """The choices of the list's filters: `definitions` and `groups` (cached)."""
    return {
        "definitions": custom_field_list(client=client, connection_id=connection_id),
        "groups": group_list(client=client, connection_id=connection_id),
    }


def _cached(connection_id: int, name: str, load):
    # By connection, not by subdomain: two connections may name the same subdomain on
    # different API hosts (a sandbox and the real school), and must never share answers.
    key = f"users:{name}:{connection_id}"
    value = cache.get(key)
    if value is None:
        value = load()
        cache.set(key, value, LOOKUP_TTL)
    return value
