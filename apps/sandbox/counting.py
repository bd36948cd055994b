"""List totals without counting a big table on every request.

A count is cached under the versions of the tables it reads; every write to a table bumps
its version in the same transaction (a signal receiver), so a cached total is never
stale, across processes too. Bulk writes, which send no signals, run inside `batched()`
or call `touch()` themselves.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.apps import apps
from django.core.cache import cache
from django.db.models import F, Model, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save

from apps.sandbox.models import TableVersion

# Tables no list endpoint counts; writes to them need no version.
UNCOUNTED = {
    "sandbox_tableversion",
    "sandbox_school",
    "sandbox_accesstoken",
    "sandbox_authorizationcode",
    "sandbox_event",
    "sandbox_delivery",
    "sandbox_deliveryattempt",
}
TIMEOUT = 3600
_local = threading.local()


def count(queryset: QuerySet) -> int:
    if queryset.query.is_empty():
        return 0
    tables = sorted({join.table_name for join in queryset.query.alias_map.values()})
    versions = dict(TableVersion.objects.filter(table__in=tables).values_list("table", "version"))
    sql, params = queryset.query.sql_with_params()
    seen = [(table, versions.get(table, 0)) for table in tables]
    key = "sandbox:count:" + hashlib.sha256(repr((sql, params, seen)).encode()).hexdigest()
    total = cache.get(key)
    if total is None:
        total = queryset.count()
        cache.set(key, total, TIMEOUT)
    return total


def touch(*models: type[Model] | str) -> None:
    """Bump the version of these tables (models or table names)."""
    tables = {model if isinstance(model, str) else model._meta.db_table for model in models}
    tables -= UNCOUNTED
    pending = getattr(_local, "pending", None)
    if pending is not None:
        pending.update(tables)
        return
    for table in sorted(tables):
        bumped = TableVersion.objects.filter(table=table).update(version=F("version") + 1)
        if not bumped:  # the table's first write; a concurrent first write may win the insert
            # Start from the clock, not 1: a recreated database must not meet the totals a
            # shared cache (Redis) kept for the previous one.
            first = {"version": time.time_ns()}
            _, created = TableVersion.objects.get_or_create(table=table, defaults=first)
            if not created:
                TableVersion.objects.filter(table=table).update(version=F("version") + 1)


@contextmanager
def batched() -> Iterator[None]:
    """Collect the bumps of many writes and make each once at the end."""
    outer = getattr(_local, "pending", None)
    _local.pending = set() if outer is None else outer
    try:
        yield
    finally:
        if outer is None:
            pending, _local.pending = _local.pending, None
            touch(*pending)


def touch_all() -> None:
    touch(
        *(model for model in apps.get_app_config("sandbox").get_models(include_auto_created=True))
    )


def _on_write(sender: type[Model], action: str = "post_", **kwargs) -> None:
    # m2m_changed fires before and after each change: the "post_" one is enough.
    if action.startswith("post_"):
        touch(sender)


def connect() -> None:
    """Listen to writes of the counted sandbox tables only: a receiver for every sender
    would cost other apps Django's fast deletes."""
    for model in apps.get_app_config("sandbox").get_models(include_auto_created=True):
        if model._meta.db_table in UNCOUNTED:
            continue
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(
                _on_write, sender=model, dispatch_uid=f"sandbox-count-{model._meta.label}"
            )
