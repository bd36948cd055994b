from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "apps.core"
    verbose_name = "Portal"

    def ready(self) -> None:
        from django.urls import register_converter

        from apps.core import checks  # noqa: F401 (registers the system checks)
        from apps.core.converters import ThinkificIdConverter
        from apps.core.resources import create_permissions

        register_converter(ThinkificIdConverter, "thinkific_id")
        post_migrate.connect(create_permissions, sender=self)
