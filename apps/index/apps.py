from django.apps import AppConfig


class IndexConfig(AppConfig):
    name = "apps.index"
    verbose_name = "School index"

    def ready(self) -> None:
        from apps.index import events
        from apps.webhooks.signals import event_followup

        event_followup.connect(events.event_apply, dispatch_uid="index-events")
