"""`event_followup`: what the rest of the portal does with each stored event.

Sent once per stored event on the task worker (`apps.webhooks.followups`), in order of
the events' own time, inside the transaction that marks the event's follow-up done.
Receivers get `connection_id`, `topic`, `payload`, `occurred_at`, `received_at`,
`reconstructed` (True for an event rebuilt from a re-read, not delivered: a receiver
chooses whether it acts on those) and `event_pk`, and return
what they changed as lines of text ("index: enrollment 7 updated (progress 40 → 60 %)"),
or nothing. A receiver that raises fails the follow-up: every receiver's work is rolled
back, the error is kept on the event and the follow-up is tried again later.

The index connects to it in its `ready()`, as do this app's own missed events.
"""

from django.dispatch import Signal

event_followup = Signal()


# Sent when staff ask for an event's follow-up to run again, or store a missed event as
# one: `event`, `action` ("replay", "retry" or "reconstruct") and `before` (its follow-up's
# state until then). The history of changes records it (`apps.history.events`).
followup_requested = Signal()
