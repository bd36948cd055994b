from django.apps import AppConfig


class EnrollmentsConfig(AppConfig):
    name = "apps.enrollments"
    label = "portal_enrollments"
    verbose_name = "Enrollments"
