"""The fuzz suite's world: a portal school whose Thinkific is the in-process sandbox.

`responses` hands every request the client makes to the sandbox's views through Django's
test client, so each fuzzed page gets real Thinkific-shaped answers with no server.
Budget: FUZZ_EXAMPLES inputs per surface (default 5, under a minute for the suite).
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
import responses
from django.apps import apps
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, settings

from apps.connections.models import Connection
from tests.sandbox import factories

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
ANSWER_BOUND = 5.0  # seconds: no input may make a request run longer
SANDBOX = "http://testserver/sandbox"

settings.register_profile(
    "fuzz",
    max_examples=EXAMPLES,
    deadline=None,  # the bound is asserted per request, with its own message
    derandomize=not os.environ.get("FUZZ_RANDOM"),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
FUZZ = settings.get_profile("fuzz")


@dataclass
class Tally:
    """What the suite tried, for its closing report."""

    inputs: int = 0
    surfaces: set[str] = field(default_factory=set)
    longest: tuple[float, str] = (0.0, "")

    def count(self, surface: str, seconds: float, what: str) -> None:
        self.inputs += 1
        self.surfaces.add(surface)
        if seconds > self.longest[0]:
            self.longest = (seconds, what[:160])


TALLY = Tally()


def pytest_terminal_summary(terminalreporter):
    if TALLY.inputs:
        seconds, what = TALLY.longest
        terminalreporter.write_line(
            f"fuzz: {TALLY.inputs} inputs over {len(TALLY.surfaces)} surfaces; "
            f"longest answer {seconds * 1000:.0f} ms ({what})"
        )


def row_counts() -> dict[str, int]:
    """Rows per table, sessions, histories and queues aside: what a refusal must not change.
    (The history of changes keeps Thinkific's refusals of writes too.)"""
    skip = {"sessions", "console", "history", "django_tasks_database", "admin"}
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label not in skip and model._meta.managed and not model._meta.proxy
    }


def timed(surface: str, what: str, send):
    """Send one request; assert it answers within the bound and is not a 500."""
    started = time.monotonic()
    response = send()
    if getattr(response, "streaming", False):
        # Read to its end (a CSV; the feeds' endless streams are not fuzzed): the test
        # client then closes it without closing the database connection as well.
        for _ in response.streaming_content:
            pass
    seconds = time.monotonic() - started
    TALLY.count(surface, seconds, what)
    assert response.status_code < 500, f"{what} answered {response.status_code}"
    assert seconds < ANSWER_BOUND, f"{what} took {seconds:.1f} s"
    return response


def _forward(request):
    """A request the client sent to the sandbox, answered by the sandbox's own views."""
    url = urlsplit(request.url)
    headers = {
        name: value
        for name, value in request.headers.items()
        if name.lower() not in {"content-length", "host", "content-type"}
    }
    # The sandbox's middleware runs in the portal's thread: it must not leave the staff
    # member's time zone switched off for the rest of the portal's request.
    with timezone.override(None):
        answer = Client().generic(
            request.method,
            f"{url.path}?{url.query}" if url.query else url.path,
            data=request.body or b"",
            content_type=request.headers.get("Content-Type", "application/json"),
            headers=headers,
        )
    kept = {k: v for k, v in answer.items() if k.lower() not in {"content-length"}}
    return answer.status_code, kept, answer.content


@pytest.fixture
def world(db, settings, client, django_user_model):
    """A superuser's client on a portal school backed by a seeded sandbox school."""
    settings.THINKIFIC_RATE_LIMIT = 10**6
    settings.THINKIFIC_MAX_RETRY_WAIT = 0
    upstream = factories.school(name="Fuzz Academy", subdomain="fuzz-academy", rate_limit=10**6)
    people = [factories.user(upstream) for _ in range(3)]
    school = Connection.objects.create(
        name="Fuzz School",
        slug="fuzz",
        subdomain=upstream.subdomain,
        api_key=upstream.api_key,
        api_base_url=SANDBOX,
    )
    admin = django_user_model.objects.create_superuser("fuzzer", "f@example.com", "pw-fuzz-123")
    school.members.add(admin)
    client.force_login(admin)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            mock.add_callback(method, re.compile(rf"{re.escape(SANDBOX)}/.*"), callback=_forward)
        # The sandbox's webhook deliveries (sent by `deliver_pending`) reach the receiver.
        receiver = re.compile(rf"{re.escape(settings.PUBLIC_BASE_URL)}/webhooks/in/.*")
        mock.add_callback("POST", receiver, callback=_forward)
        yield World(client=client, school=school, upstream=upstream, ids=[p.pk for p in people])


@dataclass
class World:
    client: Client
    school: Connection
    upstream: object
    ids: list[int]
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)
