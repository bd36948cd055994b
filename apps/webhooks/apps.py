from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class WebhooksConfig(AppConfig):
    name = "apps.webhooks"
    verbose_name = "Webhooks and activity"

    def ready(self) -> None:
        from apps.connections.models import Connection
        from apps.webhooks.receiver import forget_receivers

        post_save.connect(forget_receivers, sender=Connection, dispatch_uid="webhooks-receivers")
        post_delete.connect(forget_receivers, sender=Connection, dispatch_uid="webhooks-receivers")
