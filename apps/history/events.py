"""Staff's requests about stored events are entries too: replaying an event into the
index (and rules; Thinkific is never told), retrying its failed follow-up, storing a
missed event as an event. Sent by `apps.webhooks.services` (`followup_requested`)."""

from __future__ import annotations

from django.dispatch import receiver

from apps.history.context import acting_user
from apps.history.models import Entry
from apps.webhooks.models import Event
from apps.webhooks.signals import followup_requested

WORDS = {
    "replay": (
        Entry.Action.REPLAY,
        "Replayed into the portal's index and rules; Thinkific is not told.",
    ),
    "retry": (Entry.Action.RETRY, "Its failed follow-up was asked to run again."),
    "reconstruct": (
        Entry.Action.CREATE,
        "Stored from a missed event found by a re-read of Thinkific.",
    ),
}


@receiver(followup_requested)
def _requested(sender, *, event: Event, action: str, before: str | None, **kwargs) -> None:
    user = acting_user()
    kind, message = WORDS[action]
    if action == "reconstruct":
        changes = [["topic", None, event.topic], ["record", None, event.payload.get("id")]]
    else:
        changes = [["follow_up", before, Event.Followup.PENDING.value]]
    Entry.objects.create(
        connection_id=event.connection_id,
        user=user,
        actor=user.get_username() if user else "",
        source=Entry.Source.EVENT,
        resource="events",
        record_id=str(event.pk),
        record_name=f"{event.topic_label} {event.event_id}"[:200],
        action=kind,
        changes=changes,
        outcome=Entry.Outcome.DONE,
        message=message,
    )
