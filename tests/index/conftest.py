"""A sandbox school, indexed by running the index's tasks in the test's own process."""

import pytest
from django.utils import timezone

from apps.index import sync
from apps.index.models import SchoolIndex
from tests.users.sandbox import sandbox_school


def sync_all(connection, *, force: bool = False) -> SchoolIndex:
    """Run the index's work for the school until nothing is due, as the worker would."""
    index = sync.index_of(connection)
    if force:
        SchoolIndex.objects.filter(pk=index.pk).update(last_full_at=None)
    for _ in range(200):
        step = sync.index_work(index_id=index.pk, token="test-token")
        if step.continue_in is None:
            break
        assert step.continue_in == 0, step.message  # a wait for the budget: none in tests
    index.refresh_from_db()
    return index


@pytest.fixture
def indexed_school(live_server, settings):
    settings.INDEX_SLICE_SECONDS = 0.5
    settings.THINKIFIC_RATE_LIMIT = 100_000  # the budget is tested in tests/jobs
    school = sandbox_school(live_server, subdomain="index-academy", users=30, slug="index")
    sync_all(school)
    return school


def make_ready(connection) -> SchoolIndex:
    """The school's index ready and fresh, without a sync: its lists come from the rows a
    test stores, and no work is due."""
    now = timezone.now()
    index = sync.index_of(connection)
    SchoolIndex.objects.filter(pk=index.pk).update(
        ready_at=now, last_full_at=now, enrollments_through=now
    )
    index.refresh_from_db()
    return index
