from django.apps import AppConfig


class SandboxConfig(AppConfig):
    name = "apps.sandbox"
    verbose_name = "Sandbox (offline Thinkific)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from apps.sandbox import counting

        counting.connect()
