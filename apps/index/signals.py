"""`records_changed`: what a read of Thinkific found changed that the index had not been
told of (`apps.index.changes`), sent by full passes and re-reads on the worker.

Receivers get `connection_id`, `read_at` (when the read began) and `changes` (a list of
`changes.Change`); the webhooks app checks each against the events it received. A
receiver that raises stops the read, which goes on at its next slice.
"""

from django.dispatch import Signal

records_changed = Signal()
