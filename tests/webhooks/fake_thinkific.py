"""A small stand-in for Thinkific's Webhooks API v2, on `responses`, that keeps state.

It is strict: a test says which methods it expects (`webhooks_api("GET", "POST")` or
`api.serve(...)`), each of them must be called, and any other request fails the test.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager

import responses

BASE = "https://api.thinkific.com/api/v2/webhooks"
ONE = re.compile(rf"{BASE}/(\d+)$")


@contextmanager
def webhooks_api(*methods: str) -> Iterator[FakeWebhooksApi]:
    """The fake, answering `methods` (more with `serve`); checked when the block ends."""
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        fake = FakeWebhooksApi(mock).serve(*methods)
        yield fake
        unexpected = [
            f"{call.request.method} {call.request.url}"
            for call in mock.calls
            if isinstance(call.response, Exception)  # what `responses` had no answer for
        ]
        assert not unexpected, f"requests the test did not expect: {unexpected}"


class FakeWebhooksApi:
    def __init__(self, mock: responses.RequestsMock, *, page_size: int = 2):
        self.hooks: dict[str, dict] = {}
        self.calls: list[tuple[str, str, dict | None]] = []
        self.fail_with: tuple[int, dict] | None = None  # every call answers this
        self.page_size = page_size
        self._mock = mock
        self._ids = itertools.count(20200227213233625839530)
        self._routes = {
            "GET": (re.compile(rf"{BASE}(\?.*)?$"), self._list),
            "POST": (BASE, self._create),
            "PUT": (ONE, self._update),
            "DELETE": (ONE, self._delete),
        }

    def serve(self, *methods: str) -> FakeWebhooksApi:
        """Answer these methods from now on; each must then be called at least once."""
        for method in methods:
            url, answer = self._routes[method]
            self._mock.add_callback(method, url, answer)
        return self

    def add(self, topic: str, target_url: str, status: str = "active") -> str:
        hook_id = str(next(self._ids))
        self.hooks[hook_id] = {
            "id": hook_id,
            "topic": topic,
            "target_url": target_url,
            "status": status,
            "created_by": "156118",
        }
        return hook_id

    def by_topic(self) -> dict[str, list[str]]:
        result: dict[str, list[str]] = {}
        for hook in self.hooks.values():
            result.setdefault(hook["topic"], []).append(hook["target_url"])
        return result

    def writes(self) -> list[tuple[str, str, dict | None]]:
        return [call for call in self.calls if call[0] != "GET"]

    def _record(self, request) -> tuple[int, dict, str] | None:
        body = json.loads(request.body) if request.body else None
        path = request.path_url.split("?")[0]
        self.calls.append((request.method, path, body))
        assert request.headers["Authorization"].startswith("Bearer ")
        if self.fail_with:
            status, payload = self.fail_with
            return status, {}, json.dumps(payload)
        return None

    def _list(self, request):
        if failed := self._record(request):
            return failed
        from urllib.parse import parse_qs, urlsplit

        query = parse_qs(urlsplit(request.url).query)
        start = int(query.get("next", ["0"])[0])
        items = list(self.hooks.values())[start : start + self.page_size]
        more = start + self.page_size < len(self.hooks)
        meta = {
            "has_next": more,
            "next_page": str(start + self.page_size) if more else "",
            "page_items": len(items),
            "total_items": len(self.hooks),
        }
        return 200, {}, json.dumps({"items": items, "meta": {"page": meta}})

    def _create(self, request):
        if failed := self._record(request):
            return failed
        body = json.loads(request.body)
        if not body["target_url"].startswith("http"):
            return 422, {}, json.dumps({"errors": {"url": "is not valid"}})
        hook_id = self.add(body["topic"], body["target_url"])
        return 201, {}, json.dumps(self.hooks[hook_id])

    def _update(self, request):
        if failed := self._record(request):
            return failed
        hook_id = request.path_url.rsplit("/", 1)[1]
        if hook_id not in self.hooks:
            return 404, {}, json.dumps({"error": "Record not found."})
        self.hooks[hook_id].update(json.loads(request.body))
        return 200, {}, json.dumps(self.hooks[hook_id])

    def _delete(self, request):
        if failed := self._record(request):
            return failed
        hook_id = request.path_url.rsplit("/", 1)[1]
        if self.hooks.pop(hook_id, None) is None:
            return 404, {}, json.dumps({"error": "Record not found."})
        return 204, {}, ""
