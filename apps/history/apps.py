from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "apps.history"
    verbose_name = "History of changes"

    def ready(self) -> None:
        from apps.history import events, watches  # noqa: F401 (they record by signals)
