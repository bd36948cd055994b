from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class WebhooksConfig(AppConfig):
    name = "apps.webhooks"
    verbose_name = "Webhooks and activity"

    def ready(self) -> None:
        from apps.connections.models import Connection
        from apps.index.signals import records_changed
        from apps.webhooks import missed
        from apps.webhooks.receiver import forget_receivers
        from apps.webhooks.signals import event_followup

        records_changed.connect(missed.on_records_changed, dispatch_uid="webhooks-missed")
        event_followup.connect(missed.event_settle, dispatch_uid="webhooks-missed-late")
        post_save.connect(forget_receivers, sender=Connection, dispatch_uid="webhooks-receivers")
        post_delete.connect(forget_receivers, sender=Connection, dispatch_uid="webhooks-receivers")
