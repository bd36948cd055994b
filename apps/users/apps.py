from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "apps.users"
    label = "portal_users"
    verbose_name = "Users"
