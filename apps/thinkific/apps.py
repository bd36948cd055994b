from django.apps import AppConfig


class ThinkificConfig(AppConfig):
    name = "apps.thinkific"
    verbose_name = "Thinkific client"
