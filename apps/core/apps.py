from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apps.core"
    verbose_name = "Portal"

    def ready(self) -> None:
        from django.urls import register_converter

        from apps.core import checks  # noqa: F401 (registers the system checks)
        from apps.core.converters import ThinkificIdConverter

        register_converter(ThinkificIdConverter, "thinkific_id")
