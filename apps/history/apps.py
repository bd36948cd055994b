from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "apps.history"
    verbose_name = "History of changes"

    def ready(self) -> None:
        from apps.history import watches  # noqa: F401 (records the changes of watches)
