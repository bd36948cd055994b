from django.apps import AppConfig


class ProductsConfig(AppConfig):
    name = "apps.products"
    label = "portal_products"
    verbose_name = "Products"
