"""A console call as data: what the user asks for, and what came back."""

from __future__ import annotations

import json
import shlex
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import quote, urlencode

from django.utils.crypto import salted_hmac

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
# These change the school's data, so the console asks before sending them.
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})

Pairs = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ApiCall:
    """One request as the user wrote it: `path` is relative to the API root (`/v1/users`)."""

    method: str
    path: str
    query: Pairs = ()
    headers: Pairs = ()
    body: str = ""

    @property
    def needs_confirmation(self) -> bool:
        return self.method in WRITES

    @property
    def fingerprint(self) -> str:
        """Ties a confirmation to exactly this request: any change asks again."""
        text = json.dumps([self.method, self.path, self.query, self.headers, self.body])
        return salted_hmac("console.confirm", text).hexdigest()[:32]

    @property
    def target(self) -> str:
        """The path with its query string, as shown to people: `/v1/users?page=2`."""
        return f"{self.path}?{self.query_string}" if self.query else self.path

    @property
    def query_string(self) -> str:
        return urlencode(self.query)

    @property
    def shown(self) -> str:
        """The path with its query as typed, for reading: `/v1/users?query[email]=a@b.co`
        where `target` has `query%5Bemail%5D=a%40b.co`. What would blur where a name or a
        value ends, or cannot be seen (see `_readable`), stays encoded; the page escapes
        the rest as HTML."""
        if not self.query:
            return self.path
        pairs = (f"{_readable(name)}={_readable(value)}" for name, value in self.query)
        return f"{self.path}?{'&'.join(pairs)}"

    def with_query(self, **values: str) -> ApiCall:
        """The same call with these query parameters set (replacing any of the same name)."""
        kept = tuple((name, value) for name, value in self.query if name not in values)
        return replace(self, query=kept + tuple(values.items()))

    def as_initial(self) -> dict[str, Any]:
        """Form data that fills the console's form with this call."""
        return {
            "method": self.method,
            "path": self.path,
            "query": list(self.query),
            "headers": list(self.headers),
            "body": self.body,
        }


# Encoded when shown: what ends a name or value, and what cannot be seen or reorders
# what follows (control and format characters: bidirectional overrides, zero widths).
BLURRING = frozenset("&=#%")
UNSEEN = frozenset({"Cc", "Cf", "Zl", "Zp", "Zs"})


def _readable(text: str) -> str:
    return "".join(
        quote(char, safe="")
        if char in BLURRING or (char != " " and unicodedata.category(char) in UNSEEN)
        else char
        for char in text
    )


@dataclass(frozen=True)
class Pagination:
    """A list answer's paging: `next_query` is what to add to the query for the next page."""

    summary: str
    next_query: dict[str, str] | None


def pagination_of(body: Any) -> Pagination | None:
    """Reads the Admin API's `meta.pagination` and the Webhooks API's `meta.page` cursors."""
    meta = body.get("meta") if isinstance(body, Mapping) else None
    if not isinstance(meta, Mapping):
        return None
    pages = meta.get("pagination")
    if isinstance(pages, Mapping):
        current, total = pages.get("current_page"), pages.get("total_pages")
        parts = [f"page {current} of {total}" if current and total else ""]
        if pages.get("total_items") is not None:
            parts.append(f"{pages['total_items']} items")
        if pages.get("entries_info"):
            parts.append(f"showing {pages['entries_info']}")
        following = pages.get("next_page")
        return Pagination(
            summary=" · ".join(part for part in parts if part) or "a list",
            next_query={"page": str(following)} if _is_page(following) else None,
        )
    cursor = meta.get("page")
    if isinstance(cursor, Mapping):
        following = cursor.get("next_page")
        more = cursor.get("has_next") is not False and isinstance(following, str) and following
        total = cursor.get("total_items")
        return Pagination(
            summary=f"{total} items" if total is not None else "a list",
            next_query={"next": following} if more else None,
        )
    return None


def _is_page(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


@dataclass(frozen=True)
class CallResult:
    """What the console shows after a call. `status` is None when no answer came."""

    call: ApiCall
    url: str
    curl: str
    status: int | None = None
    reason: str = ""
    duration_ms: int = 0
    headers: Sequence[tuple[str, str]] = ()
    text: str = ""
    data: Any = None
    is_json: bool = False
    size: int = 0
    truncated: bool = False
    error: str = ""
    pagination: Pagination | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def next_call(self) -> ApiCall | None:
        """The same call for the next page of a list, when there is one."""
        if self.call.method != "GET" or not self.pagination or not self.pagination.next_query:
            return None
        return self.call.with_query(**self.pagination.next_query)

    @property
    def pretty(self) -> str:
        return json.dumps(self.data, indent=2, ensure_ascii=False) if self.is_json else self.text


def curl_command(
    call: ApiCall,
    url: str,
    *,
    variable_headers: Sequence[tuple[str, str]] = (),
    fixed_headers: Sequence[tuple[str, str]] = (),
) -> str:
    """The call as a curl command line, without credentials.

    `variable_headers` name shell variables (`$THINKIFIC_API_KEY`), so they are written in
    double quotes for the shell to fill in; everything else is quoted literally.
    """
    method = "" if call.method == "GET" else f" -X {call.method}"
    lines = [f"curl{method} {shlex.quote(url)}"]
    lines += [f'-H "{name}: {value}"' for name, value in variable_headers]
    lines += [f"-H {shlex.quote(f'{name}: {value}')}" for name, value in fixed_headers]
    lines += [f"-H {shlex.quote(f'{name}: {value}')}" for name, value in call.headers]
    if call.body:
        if not any(name.lower() == "content-type" for name, _ in call.headers):
            lines.append("-H 'Content-Type: application/json'")
        lines.append(f"--data-raw {shlex.quote(call.body)}")
    return " \\\n  ".join(lines)
