"""`event_stored`: sent once a new event is stored, after Thinkific has its answer.

Receivers get `connection_id`, `topic`, `payload`, `occurred_at` and `received_at` (the
stored event's); they run in
the receiver's process once the response is sent, so they cost Thinkific no wait, and
a receiver that raises is logged, never failing the delivery.
"""

import logging

from django.dispatch import Signal

logger = logging.getLogger(__name__)

event_stored = Signal()


def announce(*, connection_id: int, topic: str, payload: dict, **times) -> None:
    """Tell `event_stored`'s receivers; their failures are logged by `send_robust`."""
    for receiver, result in event_stored.send_robust(
        sender=None, connection_id=connection_id, topic=topic, payload=payload, **times
    ):
        if isinstance(result, Exception):
            logger.error("event_stored receiver %r failed: %r", receiver, result)
