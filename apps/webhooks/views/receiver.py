"""The receiver: Thinkific's deliveries for one school, verified and stored."""

import logging

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from apps.webhooks import live, tasks
from apps.webhooks.receiver import (
    Accepted,
    RejectedError,
    delivery_receive,
    max_body_size,
    receiver_for,
)

logger = logging.getLogger(__name__)

# What every accepted delivery is answered, encoded once.
STORED = b'{"ok": true, "duplicate": false}'
DUPLICATE = b'{"ok": true, "duplicate": true}'


class ReceivedResponse(HttpResponse):
    """Answers Thinkific at once; only after the answer is sent are the open feeds told,
    and the worker asked to follow the event up (the index, rules)."""

    def __init__(self, *, accepted: Accepted):
        super().__init__(STORED, content_type="application/json")
        self.accepted = accepted

    def close(self):
        super().close()
        live.ring()
        try:
            tasks.followups_wake(self.accepted.connection_id)
        except DatabaseError:  # stored all the same: the schedule's sweep queues it
            logger.exception("no follow-up queued for school %s", self.accepted.connection_id)


@csrf_exempt
@login_not_required
@require_POST
def receive(request, uuid):
    """Thinkific's deliveries for one school; the only view without login or CSRF."""
    receiver = receiver_for(uuid)
    if receiver is None:
        return JsonResponse({"error": "Unknown receiver."}, status=404)
    try:
        accepted = delivery_receive(
            receiver=receiver,
            body=_body(request),
            headers=dict(request.headers),
            remote_addr=request.META.get("REMOTE_ADDR"),
        )
    except RejectedError as exc:
        logger.info("webhook rejected for connection %s: %s", receiver.connection_id, exc.reason)
        return JsonResponse({"error": exc.reason}, status=exc.status)
    if accepted.duplicate:
        return HttpResponse(DUPLICATE, content_type="application/json")
    return ReceivedResponse(accepted=accepted)


def _body(request) -> bytes:
    """The delivery's body, read no further than the size limit (and one byte to tell)."""
    limit = max_body_size()
    length = request.META.get("CONTENT_LENGTH") or ""
    if length and not length.isdigit():  # a 500 would only make Thinkific send it again
        raise RejectedError(400, "Bad Content-Length header.")
    if length and int(length) > limit:
        raise RejectedError(413, "Body too large.")
    if length or "wsgi.input" not in request.META:  # ASGI: the server read the body already
        body = request.read(limit + 1)
    elif request.META.get("wsgi.input_terminated"):
        # Chunked, so no Content-Length: the server (gunicorn) ends the stream at its end.
        body = request.META["wsgi.input"].read(limit + 1)
    elif "chunked" in request.headers.get("Transfer-Encoding", "").lower():
        raise RejectedError(411, "This server cannot read a chunked body: send Content-Length.")
    else:
        body = b""
    if len(body) > limit:
        raise RejectedError(413, "Body too large.")
    return body
