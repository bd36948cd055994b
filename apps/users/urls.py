from django.urls import path

from apps.core.resources import resource
from apps.users import views

urlpatterns = resource("users").pages(
    views,
    path("lookup/", views.user_lookup, name="lookup"),
    path("<thinkific_id:user_id>/enrollments/", views.user_enrollments, name="enrollments"),
    path("<thinkific_id:user_id>/orders/", views.user_orders, name="orders"),
)
