"""What every resource module shares: building requests for one path on one client."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from apps.thinkific.pagination import Page
from apps.thinkific.records import Record

if TYPE_CHECKING:
    from collections.abc import Iterator

    from apps.thinkific.client import ThinkificClient


class Resource:
    """Bound to one client; subclasses expose exactly the operations Thinkific offers."""

    path: ClassVar[str]
    record: ClassVar[type[Record]]

    def __init__(self, client: ThinkificClient):
        self.client = client

    def _page(
        self,
        *,
        page: int = 1,
        limit: int = 25,
        path: str | None = None,
        params: dict | None = None,
        record: type[Record] | None = None,
    ) -> Page[Any]:
        return self.client.page(
            path or self.path,
            (record or self.record).from_api,
            page=page,
            limit=limit,
            params=_clean(params),
        )

    def _iterate(
        self,
        *,
        path: str | None = None,
        params: dict | None = None,
        record: type[Record] | None = None,
    ) -> Iterator[Any]:
        return self.client.iterate(
            path or self.path, (record or self.record).from_api, params=_clean(params)
        )

    def _get(self, record_id: int | str, *, params: dict | None = None) -> Any:
        data = self.client.request("GET", f"{self.path}/{record_id}", params=_clean(params))
        return self.record.from_api(data or {})

    def _create(self, body: dict, *, params: dict | None = None) -> Any:
        data = self.client.request("POST", self.path, json=_clean(body), params=_clean(params))
        return self.record.from_api(data or {})

    def _update(self, record_id: int | str, body: dict, *, params: dict | None = None) -> None:
        self.client.request(
            "PUT", f"{self.path}/{record_id}", json=_clean(body), params=_clean(params)
        )

    def _delete(self, record_id: int | str, *, params: dict | None = None) -> None:
        self.client.request("DELETE", f"{self.path}/{record_id}", params=_clean(params))


def query(**filters: Any) -> dict[str, Any]:
    """Rails-style list filters: `query(email="a@b")` -> `{"query[email]": "a@b"}`."""
    return {
        f"query[{name}]": _query_value(value)
        for name, value in filters.items()
        if value is not None and value != ""
    }


def _query_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _clean(values: dict | None) -> dict | None:
    """Drops unset (None) values: Thinkific treats an absent field as "leave as is"."""
    if values is None:
        return None
    return {key: value for key, value in values.items() if value is not None}
