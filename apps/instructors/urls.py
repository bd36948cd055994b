from django.urls import path

from apps.core.resources import resource
from apps.instructors import views

urlpatterns = resource("instructors").pages(
    views,
    path("users/", views.instructor_user_search, name="user_search"),
    path("export.csv", views.instructor_export, name="export"),
)
