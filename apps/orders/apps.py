from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "apps.orders"
    label = "portal_orders"
    verbose_name = "Orders"
