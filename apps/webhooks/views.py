import logging

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from apps.connections.models import Connection
from apps.webhooks.receiver import RejectedError, delivery_receive, max_body_size

logger = logging.getLogger(__name__)


@csrf_exempt
@login_not_required
@require_POST
def receive(request, uuid):
    """Thinkific's deliveries for one school; the only view without login or CSRF."""
    connection = Connection.objects.filter(webhook_uuid=uuid, is_active=True).first()
    if connection is None:
        return JsonResponse({"error": "Unknown receiver."}, status=404)
    if int(request.META.get("CONTENT_LENGTH") or 0) > max_body_size():
        return JsonResponse({"error": "Body too large."}, status=413)
    body = request.read(max_body_size() + 1)
    if len(body) > max_body_size():
        return JsonResponse({"error": "Body too large."}, status=413)
    try:
        accepted = delivery_receive(
            connection=connection,
            body=body,
            headers=dict(request.headers),
            remote_addr=request.META.get("REMOTE_ADDR"),
        )
    except RejectedError as exc:
        logger.warning("webhook rejected for connection %s: %s", connection.pk, exc.reason)
        return JsonResponse({"error": exc.reason}, status=exc.status)
    return JsonResponse({"ok": True, "duplicate": accepted.duplicate})
