"""Users: `/users`, with lookups by external id and SSO authentications."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from apps.thinkific.pagination import Page
from apps.thinkific.records import Record
from apps.thinkific.resources.base import Resource, query

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


class Users(Resource):
    path = "users"
    record = User

    def list(
        self,
        *,
        page: int = 1,
        limit: int = 25,
        email: str | None = None,
        role: str | None = None,
        external_source: str | None = None,
        custom_profile_field_label: str | None = None,
        custom_profile_field_value: str | None = None,
        group_id: int | None = None,
    ) -> Page[User]:
        """One page of users, filtered by the API's `query[...]` parameters."""
        filters = query(
            email=email,
            role=role,
            external_source=external_source,
            custom_profile_field_label=custom_profile_field_label,
            custom_profile_field_value=custom_profile_field_value,
            group_id=group_id,
        )
        return self._page(page=page, limit=limit, params=filters)

    def all(self, **filters: Any) -> Iterator[User]:
        return self._iterate(params=query(**filters))

    def get(self, user_id: int | str, *, provider: str | None = None) -> User:
        """By Thinkific id, or by external id when `provider` (SSO, OPENID_CONNECT) is given."""
        return self._get(user_id, params={"provider": provider})

    def create(self, **fields: Any) -> User:
        return self._create(fields)

    def update(self, user_id: int | str, *, provider: str | None = None, **fields: Any) -> None:
        self._update(user_id, fields, params={"provider": provider})

    def delete(self, user_id: int | str, *, provider: str | None = None) -> None:
        self._delete(user_id, params={"provider": provider})

    def authentication(self, user_id: int, provider: str) -> Authentication:
        data = self.client.request("GET", f"users/{user_id}/authentications/{provider}")
        return Authentication.from_api(data or {})
