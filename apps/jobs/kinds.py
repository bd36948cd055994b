"""What a job does, declared once per kind: how to plan its rows and how to run one.

A kind is a subclass of `Kind` decorated with `@register`. The mechanism (runner, task,
pages, CSV) does the rest: the dry run stores each row's verdict, the worker runs the
runnable rows one by one within the jobs' share of the school's budget, and the pages
show progress and results.

    @register
    class EnrollBulk(Kind):
        name = "enroll_bulk"
        label = "Bulk enroll"
        permission = "core.add_enrollments"

        def plan(self, job, client):          # reads only: a verdict per row
            for email in job.params["emails"]:
                yield Planned({"email": email}, f"Will enroll {email}")

        def run_row(self, job, row, client):  # one write, or a few
            enrollment = client.enrollments.create(...)
            return Outcome(f"Enrolled as #{enrollment.id}", {"id": enrollment.id})

`plan` runs in the request when `plan_inline` (cheap, no calls), else in the worker.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from apps.jobs.models import Job, JobRow
    from apps.thinkific import ThinkificClient


@dataclass(frozen=True)
class Planned:
    """One row of the dry run: its input, what will happen, and whether it will run."""

    input: dict[str, Any]
    verdict: str
    runnable: bool = True


@dataclass(frozen=True)
class Outcome:
    """What running a row did: a message for the results table and the result to keep."""

    message: str
    result: dict[str, Any] = field(default_factory=dict)
    skipped: bool = False


class Kind:
    name: str = ""
    label: str = ""
    permission: str = ""  # needed to create, see and cancel its jobs
    plan_inline: bool = True
    csv_header: tuple[str, ...] = ("position", "input", "verdict", "status", "message")

    def plan(self, job: Job, client: ThinkificClient) -> Iterable[Planned]:
        """The dry run: a verdict per row. Reads at most; never writes."""
        raise NotImplementedError

    def run_row(self, job: Job, row: JobRow, client: ThinkificClient) -> Outcome:
        """Do one row. Raise an `errors.ThinkificError` when Thinkific refuses it."""
        raise NotImplementedError

    def recover(self, job: Job, row: JobRow, client: ThinkificClient) -> Outcome | None:
        """A row whose write may or may not have happened (the worker stopped during it, or
        Thinkific's answer never came): its outcome if it can be found on Thinkific, else
        None and the row is marked failed, never run again."""
        return None

    def result_list(self, row: JobRow) -> list[str]:
        """Short items shown under the row's message (say, the codes it created)."""
        return []

    def csv_rows(self, job: Job, row: JobRow) -> Iterator[list[Any]]:
        """The row's lines in the results CSV, under `csv_header`."""
        yield [row.position, row.input, row.verdict, row.status, row.message]


_registry: dict[str, Kind] = {}


def register(cls: type[Kind]) -> type[Kind]:
    if not cls.name or cls.name in _registry:
        raise ValueError(f"A job kind needs a unique name: {cls.name!r}")
    _registry[cls.name] = cls()
    return cls


def kind_get(name: str) -> Kind:
    """The registered kind; `LookupError` for a name no code declares (any more)."""
    try:
        return _registry[name]
    except KeyError:
        raise LookupError(f"No job kind {name!r}") from None


def kind_list() -> list[Kind]:
    return list(_registry.values())
