"""Watches are the portal's own rows (synced to Thinkific's webhooks): their creation,
change and deletion are entries too. The sync's calls to the Webhooks API are not entries
of their own; the watches page shows how the sync went."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from apps.history.context import acting_user
from apps.history.models import Entry
from apps.webhooks.models import Watch

FIELDS = ("name", "topics")


@receiver(pre_save, sender=Watch)
def _read_before(sender, instance: Watch, **kwargs) -> None:
    stored = Watch.objects.filter(pk=instance.pk).values(*FIELDS).first() if instance.pk else None
    instance._history_before = stored


@receiver(post_save, sender=Watch)
def _saved(sender, instance: Watch, created: bool, **kwargs) -> None:
    before = getattr(instance, "_history_before", None) or {}
    after = {field: getattr(instance, field) for field in FIELDS}
    changes = [[f, before.get(f), after[f]] for f in FIELDS if before.get(f) != after[f]]
    if changes:
        _record(instance, Entry.Action.CREATE if created else Entry.Action.UPDATE, changes)


@receiver(post_delete, sender=Watch)
def _deleted(sender, instance: Watch, **kwargs) -> None:
    _record(instance, Entry.Action.DELETE, [[f, getattr(instance, f), None] for f in FIELDS])


def _record(watch: Watch, action: str, changes: list) -> None:
    user = acting_user()
    Entry.objects.create(
        connection_id=watch.connection_id,
        user=user,
        actor=user.get_username() if user else "",
        source=Entry.Source.WATCH,
        resource="watches",
        record_id=str(watch.pk),
        record_name=watch.name[:200],
        action=action,
        changes=changes,
        before_read_at=None if action == Entry.Action.CREATE else timezone.now(),
        outcome=Entry.Outcome.DONE,
    )
