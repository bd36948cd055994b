"""Fixtures for every test: no test reaches the internet."""

import os
from urllib.parse import urlsplit

import pytest
import requests
import responses

LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]", "testserver"}
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_configure(config):
    # PBKDF2 costs about half a second a password, and the suite creates hundreds of users;
    # tests check who may log in, not how hard a hash is to crack. tests/test_settings.py
    # keeps the real hasher covered.
    from django.conf import settings

    settings.PASSWORD_HASHERS = FAST_HASHERS


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


@pytest.fixture
def api():
    """Thinkific, mocked: every request a test adds must come (and no other may)."""
    with responses.RequestsMock() as mock:
        yield mock


def login_with(client, user, *codenames: str):
    """`client` logged in as `user` with the portal permissions `core.<codename>`."""
    client.force_login(grant(user, *codenames))
    return client


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _redis_thought_reachable(monkeypatch):
    """Each test starts with no outage of Redis on record (breakers live per process)."""
    from apps.core import cache

    monkeypatch.setattr(cache, "_breakers", {})


@pytest.fixture
def school(db):
    from apps.connections.models import Connection

    return Connection.objects.create(
        name="Baking School",
        slug="baking",
        subdomain="baking-school",
        api_key="k" * 32,
        api_base_url="https://api.thinkific.com",
    )


@pytest.fixture
def staff(db, school):
    """A staff member of `school` with no special permissions."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("staff", "staff@example.com", "pw-staff-123")
    school.members.add(user)
    return user


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def grant(user, *codenames: str):
    """Give `user` the portal permissions `core.<codename>`; returns the user reloaded."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="core", codename__in=codenames)
    )
    return get_user_model().objects.get(pk=user.pk)


def pytest_collection_modifyitems(config, items):
    # Playwright's sync API keeps an event loop running in the main thread once the browser
    # starts; browser tests therefore run last, after every test that starts its own loop.
    items.sort(key=lambda item: "e2e" in item.path.parts)


def pytest_sessionfinish(session, exitstatus):
    # SQLite's write-ahead log files of this run's test database, left after it is dropped.
    from pathlib import Path

    for leftover in Path(__file__).resolve().parent.parent.glob(f".test-db-{os.getpid()}.*"):
        leftover.unlink(missing_ok=True)
