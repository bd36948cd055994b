from django.urls import path

from apps.core.resources import resource
from apps.index import views as index_views
from apps.users import views

urlpatterns = resource("users").pages(
    views,
    path("lookup/", views.user_lookup, name="lookup"),
    path("export.csv", index_views.user_export, name="export"),
    path("<thinkific_id:user_id>/enrollments/", views.user_enrollments, name="enrollments"),
    path("<thinkific_id:user_id>/orders/", views.user_orders, name="orders"),
)
