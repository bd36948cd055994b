from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "apps.history"
    verbose_name = "History of changes"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from apps.history import events, watches  # noqa: F401 (they record by signals)

        # Each resource's forms register themselves there (apps.core.resources): the
        # history's labels and choices come from them.
        autodiscover_modules("forms")
