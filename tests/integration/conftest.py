"""Fixtures for running the client against the built-in sandbox over real HTTP."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command

from apps.thinkific.client import ThinkificClient, Timeouts

SUBDOMAIN = "live-academy"


@pytest.fixture
def sandbox(live_server):
    """A small seeded sandbox school and its credentials, from the sandbox's own commands."""
    call_command("sandbox_seed", "--subdomain", SUBDOMAIN, "--users", "6", stdout=StringIO())
    out = StringIO()
    call_command("sandbox_credentials", "--json", "--base-url", live_server.url, stdout=out)
    return next(row for row in json.loads(out.getvalue()) if row["subdomain"] == SUBDOMAIN)


def make_client(sandbox, **kwargs) -> ThinkificClient:
    kwargs.setdefault("api_key", sandbox["api_key"])
    return ThinkificClient(
        subdomain=SUBDOMAIN,
        base_url=sandbox["api_base_url"],
        timeouts=Timeouts(connect=5, read=20, max_retry_wait=0),
        **kwargs,
    )


@pytest.fixture
def client(sandbox) -> ThinkificClient:
    return make_client(sandbox)


def unique(prefix: str) -> str:
    return f"{prefix}-{datetime.now(UTC).strftime('%H%M%S%f')}"


def new_user(client, **fields):
    return client.users.create(
        first_name="Ada",
        last_name="Lovelace",
        email=f"{unique('ada')}@example.com",
        **fields,
    )


def a_course(client):
    course = client.courses.list(limit=1).items[0]
    assert course.chapter_ids, "the seeded courses have chapters"
    return course


def a_bundle_product(client):
    return next(p for p in client.products.all() if p.productable_type == "Bundle")
