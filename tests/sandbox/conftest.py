"""Sandbox test fixtures: a school and a client that calls its API with its credentials."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.sandbox import factories

V1 = "/sandbox/api/public/v1/"
V2 = "/sandbox/api/v2/"


class Api:
    """The Django test client pointed at one API, with one set of credentials."""

    def __init__(self, client: Client, base: str, headers: dict[str, str]):
        self.client = client
        self.base = base
        self.headers = headers

    def url(self, path: str) -> str:
        return self.base + path.lstrip("/")

    def get(self, path: str, params: dict | None = None, **headers: Any):
        return self.client.get(self.url(path), params or {}, headers={**self.headers, **headers})

    def post(self, path: str, data: Any = None, params: dict | None = None):
        return self._send("post", path, data, params)

    def put(self, path: str, data: Any = None):
        return self._send("put", path, data)

    def delete(self, path: str, data: Any = None):
        return self._send("delete", path, data)

    def _send(self, method: str, path: str, data: Any, params: dict | None = None):
        url = self.url(path)
        if params:
            url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
        body = "" if data is None else json.dumps(data)
        return getattr(self.client, method)(
            url, body, content_type="application/json", headers=self.headers
        )


def key_headers(school) -> dict[str, str]:
    return {"X-Auth-API-Key": school.api_key, "X-Auth-Subdomain": school.subdomain}


@pytest.fixture
def school(db):
    return factories.school(name="Test Academy", subdomain="test-academy")


@pytest.fixture
def api(client, school) -> Api:
    """Admin API v1 with the school's API-key headers."""
    return Api(client, V1, key_headers(school))


@pytest.fixture
def v2(client, school) -> Api:
    """Webhooks API v2 with the site API key as a bearer token."""
    return Api(client, V2, {"Authorization": f"Bearer {school.api_key}"})
