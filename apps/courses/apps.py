from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "apps.courses"
    label = "portal_courses"
    verbose_name = "Courses"
