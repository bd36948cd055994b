"""Watches stay true: each school's webhooks on Thinkific are checked against its watches
on a schedule (`WATCHES_CHECK_EVERY_MINUTES`) and any drift is repaired by the sync that
a saved watch runs (`sync.webhooks_sync_now`: one list call, then only the steps needed).
Each check is kept (`WatchCheck`) with what it found and repaired.

`webhooks_refresh` queues the checks due (`checks_queue`); the task runs `check_run`.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from apps.connections.models import Connection
from apps.thinkific import ThinkificClient
from apps.webhooks import sync
from apps.webhooks.models import Registration, Watch, WatchCheck

# Checks that found everything in line are kept this long; those that repaired, longer.
KEEP_IN_LINE = timedelta(days=1)
KEEP_REPAIRS = timedelta(days=90)


def every() -> timedelta:
    return timedelta(minutes=settings.WATCHES_CHECK_EVERY_MINUTES)


def schools_due(now=None) -> list[Connection]:
    """Active schools with watches (or webhooks left to remove) not checked for a period."""
    now = now or timezone.now()
    recent = WatchCheck.objects.filter(connection=OuterRef("pk"), queued_at__gt=now - every())
    watched = Exists(Watch.objects.filter(connection=OuterRef("pk"))) | Exists(
        Registration.objects.filter(connection=OuterRef("pk"))
    )
    schools = Connection.objects.filter(watched, is_active=True).exclude(Exists(recent))
    return [school for school in schools if school.has_credentials]


def checks_queue(now=None) -> list[WatchCheck]:
    """A queued check for each school due; the checks' old rows pruned."""
    now = now or timezone.now()
    WatchCheck.objects.filter(
        Q(queued_at__lt=now - KEEP_REPAIRS)
        | Q(queued_at__lt=now - KEEP_IN_LINE, outcome__in=["ok", "skipped", "queued"])
    ).delete()
    return [
        WatchCheck.objects.create(connection=school, queued_at=now) for school in schools_due(now)
    ]


def check_run(*, check: WatchCheck, client: ThinkificClient) -> WatchCheck:
    """Compare the school's webhooks on Thinkific with its watches and repair any drift."""
    result = sync.webhooks_sync_now(connection=check.connection, client=client)
    if result is None:
        outcome = WatchCheck.Outcome.SKIPPED
        message = "A change to the webhooks was under way: checked again at the next round."
    elif result.manual:
        outcome, message = WatchCheck.Outcome.MANUAL, result.message
    elif result.error or result.failed:
        outcome, message = WatchCheck.Outcome.FAILED, result.message
    elif result.done:
        outcome, message = WatchCheck.Outcome.REPAIRED, result.message
    else:
        outcome, message = WatchCheck.Outcome.IN_LINE, "Thinkific's webhooks match the watches."
    check.outcome, check.message = outcome, message[:500]
    check.repairs = [
        f"{step.verb} {step.topic}: {step.reason}" for step in (result.done if result else [])
    ]
    check.checked_at = timezone.now()
    check.save(update_fields=["outcome", "message", "repairs", "checked_at"])
    return check
