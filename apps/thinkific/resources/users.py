"""Users: `/users`, with lookups by external id and SSO authentications."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, TypedDict, Unpack

from apps.thinkific.pagination import Page
from apps.thinkific.records import Record
from apps.thinkific.resources.base import Creatable, Id, join, query

ROLES = ("affiliate", "course_admin", "group_analyst", "site_admin")
PROVIDERS = ("SSO", "OPENID_CONNECT")


@dataclass(frozen=True, kw_only=True)
class CustomProfileField(Record):
    id: int | None = None
    value: str | None = None
    label: str | None = None
    custom_profile_field_definition_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class User(Record):
    id: int
    first_name: str = ""
    last_name: str = ""
    full_name: str = ""
    email: str = ""
    company: str | None = None
    roles: tuple[str, ...] = ()
    avatar_url: str | None = None
    bio: str | None = None
    headline: str | None = None
    affiliate_code: str | None = None
    affiliate_commission: Decimal | None = None
    affiliate_commission_type: str | None = None
    affiliate_payout_email: str | None = None
    external_source: str | None = None
    administered_course_ids: tuple[int, ...] = ()
    custom_profile_fields: tuple[CustomProfileField, ...] = ()
    created_at: datetime | None = None

    @property
    def name(self) -> str:
        return self.full_name or f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True, kw_only=True)
class Authentication(Record):
    provider: str = ""
    external_id: str = ""


class UserFilters(TypedDict, total=False):
    email: str
    role: str
    external_source: str
    # Thinkific only applies these two together.
    custom_profile_field_label: str
    custom_profile_field_value: str
    group_id: int


class Users(Creatable[User]):
    """`client.users`. `create` takes first_name, last_name and email (required), password,
    roles, external_id with provider, custom_profile_fields, send_welcome_email, ..."""

    path = "users"
    record = User

    def list(self, *, page: int = 1, limit: int = 25, **filters: Unpack[UserFilters]) -> Page[User]:
        """One page of users, filtered by the API's `query[...]` parameters."""
        return self._page(page=page, limit=limit, params=query(UserFilters, filters))

    def all(self, **filters: Unpack[UserFilters]) -> Iterator[User]:
        """Every user matching the filters, fetched 250 at a time."""
        return self._iterate(params=query(UserFilters, filters))

    def get(self, user_id: Id, *, provider: str | None = None) -> User:
        """By Thinkific id, or by external id when `provider` (SSO, OPENID_CONNECT) is given."""
        return self._get(user_id, params={"provider": provider})

    def update(self, user_id: Id, *, provider: str | None = None, **fields: Any) -> None:
        """Change the named fields; `user_id` is an external id when `provider` is given."""
        self._update(user_id, fields, params={"provider": provider})

    def delete(self, user_id: Id, *, provider: str | None = None) -> None:
        """Delete the user; `user_id` is an external id when `provider` is given."""
        self._delete(user_id, params={"provider": provider})

    def authentication(self, user_id: Id, provider: str) -> Authentication:
        """The user's external id with an SSO `provider` (SSO, OPENID_CONNECT)."""
        data = self._request("GET", join(self.path, user_id, "authentications", provider))
        return self._record(data, Authentication)
