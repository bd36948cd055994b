from django.apps import AppConfig


class PromotionsConfig(AppConfig):
    name = "apps.promotions"
    verbose_name = "Promotions"
