"""Asking for index work from a page view: at most one write while a task holds it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.connections.models import Connection
from apps.index import sync
from apps.index.services import request_sync

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return Connection.objects.create(name="S", slug="s", subdomain="s", api_key="k" * 32)


def writes(queries) -> list[str]:
    return [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]


def test_a_due_index_is_queued_once_and_later_page_views_write_nothing(school):
    with CaptureQueriesContext(connection) as first:
        assert request_sync(school)  # never built: due, and free
    assert any("lease_token" in sql for sql in writes(first.captured_queries))

    for _ in range(3):
        with CaptureQueriesContext(connection) as later:
            assert not request_sync(school)  # still due, but the queued task holds it
        assert writes(later.captured_queries) == []
    assert sync.index_of(school).lease_until is not None
