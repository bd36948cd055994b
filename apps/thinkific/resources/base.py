"""What every resource module shares: building requests for one path on one client.

`Resource` turns a path and a record class into typed calls; the small mixins below add
the standard operations, so a resource states which ones Thinkific offers by listing
them (`class Orders(Listable[Order], Retrievable[Order])`) and writes only the rest.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar
from urllib.parse import quote

from apps.thinkific import errors
from apps.thinkific.apis import ADMIN_API
from apps.thinkific.pagination import Page
from apps.thinkific.records import Record

if TYPE_CHECKING:
    from apps.thinkific.client import ThinkificClient

R = TypeVar("R", bound=Record)
Id = int | str


class Resource(Generic[R]):
    """Bound to one client; subclasses expose exactly the operations Thinkific offers."""

    path: ClassVar[str]
    record: type[R]
    api: ClassVar[str] = ADMIN_API

    def __init__(self, client: ThinkificClient):
        self.client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self.client!r}>"

    # -- building blocks for the operations -----------------------------------------------

    def _request(
        self, method: str, path: str, *, params: dict | None = None, json: Any = None
    ) -> Any:
        return self.client.request(
            method, path, params=compact(params), json=encode(json), api=self.api
        )

    def _record(self, data: Any, record: type[Record] | None = None) -> Any:
        if not isinstance(data, dict):
            raise errors.BadResponseError("Thinkific answered without the record.")
        return (record or self.record).from_api(data)

    def _page(
        self,
        path: str | None = None,
        *,
        page: int = 1,
        limit: int = 25,
        params: dict | None = None,
        record: type[Record] | None = None,
    ) -> Page[Any]:
        return self.client.page(
            path or self.path,
            (record or self.record).from_api,
            page=page,
            limit=limit,
            params=compact(params),
        )

    def _iterate(
        self,
        path: str | None = None,
        *,
        params: dict | None = None,
        record: type[Record] | None = None,
    ) -> Iterator[Any]:
        return self.client.iterate(
            path or self.path, (record or self.record).from_api, params=compact(params)
        )

    def _get(self, record_id: Id, *, params: dict | None = None) -> Any:
        return self._record(self._request("GET", join(self.path, record_id), params=params))

    def _create(self, body: dict, *, params: dict | None = None, path: str | None = None) -> Any:
        # Unset (None) fields are left out: on create, absent means Thinkific's default.
        data = self._request("POST", path or self.path, json=compact(body), params=params)
        return self._record(data)

    def _update(self, record_id: Id, body: dict, *, params: dict | None = None) -> Any:
        # None is sent as null: a field the caller names is a field to change, even to empty
        # (an enrollment's expiry date cleared means "never expires").
        return self._request("PUT", join(self.path, record_id), json=body, params=params)

    def _delete(self, record_id: Id, *, params: dict | None = None) -> None:
        self._request("DELETE", join(self.path, record_id), params=params)


class Listable(Resource[R]):
    def list(self, *, page: int = 1, limit: int = 25) -> Page[R]:
        """One page of records (`limit` at most 250)."""
        return self._page(page=page, limit=limit)

    def all(self) -> Iterator[R]:
        """Every record, fetched 250 at a time as the iterator advances."""
        return self._iterate()


class Retrievable(Resource[R]):
    def get(self, record_id: Id) -> R:
        """One record by id; `errors.NotFoundError` when there is none."""
        return self._get(record_id)


class Creatable(Resource[R]):
    def create(self, **fields: Any) -> R:
        """Create a record from Thinkific's field names; `errors.ValidationError` on 422."""
        return self._create(fields)


class Updatable(Resource[R]):
    def update(self, record_id: Id, **fields: Any) -> None:
        """Change the named fields only (Thinkific answers 204, without the record)."""
        self._update(record_id, fields)


class Deletable(Resource[R]):
    def delete(self, record_id: Id) -> None:
        """Delete the record; `errors.NotFoundError` when there is none."""
        self._delete(record_id)


class Crud(Listable[R], Retrievable[R], Creatable[R], Updatable[R], Deletable[R]):
    """list, all, get, create, update and delete."""


# -- encoding ---------------------------------------------------------------------------


def join(*segments: Id) -> str:
    """A path from segments; ids are escaped, as an external user id may hold any character."""
    head, *rest = segments
    return "/".join([str(head), *(quote(str(segment), safe="") for segment in rest)])


def query(spec: type, filters: Mapping[str, Any]) -> dict[str, Any]:
    """Rails-style list filters: `{"email": "a@b"}` -> `{"query[email]": "a@b"}`.

    `spec` is the TypedDict of the filters the endpoint offers. Any other name raises
    TypeError: a misspelt filter would otherwise be ignored and the list come back whole.
    """
    offered = spec.__required_keys__ | spec.__optional_keys__  # type: ignore[attr-defined]
    unknown = sorted(set(filters) - offered)
    if unknown:
        raise TypeError(f"Thinkific offers no filter {', '.join(unknown)} here.")
    return {
        f"query[{name}]": _query_value(value)
        for name, value in filters.items()
        if value is not None and value != ""
    }


def encode(value: Any) -> Any:
    """A JSON-ready copy of a request body: dates, times and decimals as Thinkific takes them."""
    if isinstance(value, Mapping):
        return {str(key): encode(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [encode(item) for item in value]
    if isinstance(value, datetime):
        return _timestamp(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _timestamp(moment: datetime) -> str:
    # Thinkific's documented format, YYYY-MM-DDTHH:MM:SSZ; a naive time is taken as UTC.
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    # Not strftime, which writes the year 1 as "1".
    return moment.replace(tzinfo=None, microsecond=0).isoformat() + "Z"


def _query_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return _timestamp(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def compact(values: dict | None) -> dict | None:
    """`values` without its unset (None) entries."""
    if values is None:
        return None
    return {key: value for key, value in values.items() if value is not None}
