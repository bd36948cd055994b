"""`Resource`: one Admin API resource described once, served by the generic views."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict

from apps.sandbox import errors, selectors
from apps.sandbox.api.pagination import paginate
from apps.sandbox.models import School


@dataclass(frozen=True)
class Resource:
    """How a resource is found, filtered, shown, created, changed and deleted.

    `scope` reads a required parent from the query string (`/coupons?promotion_id=`)
    and returns it as a filter for lists and a keyword for `create`. A missing service
    means the method is not part of Thinkific's API for this resource.
    """

    queryset: Callable[[School], QuerySet]
    serialize: Callable[[Any], dict]
    search: Callable[[QuerySet, QueryDict], QuerySet] | None = None
    scope: Callable[[School, QueryDict], dict] | None = None
    find: Callable[[QuerySet, str, QueryDict], Any] | None = None
    create: Callable[..., Any] | None = None
    update: Callable[..., Any] | None = None
    delete: Callable[..., Any] | None = None
    listed: bool = True
    readable: bool = True
    created_status: int = 201

    def get(self, school: School, pk: str, params: QueryDict | None = None) -> Any:
        if self.find:
            return self.find(self.queryset(school), pk, params or QueryDict())
        return selectors.get(self.queryset(school), pk)

    def page(self, school: School, params: QueryDict, **filters: Any) -> dict:
        queryset = self.queryset(school).filter(**filters)
        if self.search:
            queryset = self.search(queryset, params)
        return paginate(params, queryset, self.serialize)

    def allow(self, method: str, *, member: bool) -> None:
        """405 unless Thinkific's API has this method on this path."""
        if member:
            allowed = {"GET": self.readable, "PUT": self.update, "DELETE": self.delete}
        else:
            allowed = {"GET": self.listed, "POST": self.create}
        if not allowed.get(method):
            raise errors.MethodNotAllowedError([name for name, on in allowed.items() if on])
