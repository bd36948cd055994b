from django.apps import AppConfig


class InstructorsConfig(AppConfig):
    name = "apps.instructors"
    verbose_name = "Instructors"
