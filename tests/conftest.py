"""Fixtures for every test: no test reaches the internet."""

from urllib.parse import urlsplit

import pytest
import requests

LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]", "testserver"}


class OutboundRequestError(AssertionError):
    pass


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch):
    """Any request that `responses` does not mock and that leaves this machine fails."""
    real_send = requests.adapters.HTTPAdapter.send

    def guarded_send(self, request, *args, **kwargs):
        host = urlsplit(request.url).hostname or ""
        if host not in LOOPBACK:
            raise OutboundRequestError(f"Test tried to reach {request.url}")
        return real_send(self, request, *args, **kwargs)

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", guarded_send)


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
