"""The jobs' share of a school's request budget.

Every request a job makes passes two governors: first the jobs' own, `JOBS_BUDGET_SHARE`
of the school's limit (shared by all of the school's jobs, across processes), then the
school's, which the pages spend too. So jobs never take more than their share, and pages
keep the rest.
"""

from __future__ import annotations

import math

from django.conf import settings

from apps.thinkific.governor import Budget, RateGovernor

# A job waits this long at most for room in its share; beyond, the runner ends its slice
# and the task comes back when there is room, so the worker is free meanwhile.
SHARE_MAX_WAIT = 5.0


class JobGovernor:
    """Stands in for the client's `RateGovernor` (same methods) in a job's client."""

    def __init__(self, school: RateGovernor, *, share: float | None = None):
        share = settings.JOBS_BUDGET_SHARE if share is None else share
        self.school = school
        self.share = RateGovernor(
            "",
            limit=max(1, math.floor(school.limit * share)),
            max_wait=SHARE_MAX_WAIT,
            cache_backend=school.cache,
        )
        self.share.key = f"{school.key}:jobs"

    @property
    def limit(self) -> int:
        return self.share.limit

    def acquire(self) -> None:
        self.share.acquire()
        self.school.acquire()

    def block_until(self, reset_at: float) -> None:
        self.school.block_until(reset_at)

    def budget(self) -> Budget:
        return self.share.budget()
