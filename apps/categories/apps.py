from django.apps import AppConfig


class CategoriesConfig(AppConfig):
    name = "apps.categories"
    label = "portal_categories"
    verbose_name = "Categories"
