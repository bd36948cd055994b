from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "apps.jobs"
    verbose_name = "Bulk jobs"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from apps.jobs import coupons, enroll, imports  # noqa: F401 (register their kinds)

        # Any other app declares its kinds in a `jobs.py` module.
        autodiscover_modules("jobs")
