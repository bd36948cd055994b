"""A small stand-in for Thinkific's Webhooks API v2, on `responses`, that keeps state."""

from __future__ import annotations

import itertools
import json
import re

import responses

BASE = "https://api.thinkific.com/api/v2/webhooks"


class FakeWebhooksApi:
    def __init__(self, mock: responses.RequestsMock, *, page_size: int = 2):
        self.hooks: dict[str, dict] = {}
        self.calls: list[tuple[str, str, dict | None]] = []
        self.fail_with: tuple[int, dict] | None = None  # every call answers this
        self.page_size = page_size
        self._ids = itertools.count(20200227213233625839530)
        one = re.compile(rf"{BASE}/(\d+)$")
        mock.add_callback(responses.GET, re.compile(rf"{BASE}(\?.*)?$"), self._list)
        mock.add_callback(responses.POST, BASE, self._create)
        mock.add_callback(responses.PUT, one, self._update)
        mock.add_callback(responses.DELETE, one, self._delete)

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
