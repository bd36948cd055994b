from django.urls import path

from apps.index import views as index_views
from apps.users import views

app_name = "users"

urlpatterns = [
    path("", views.user_list, name="list"),
    path("lookup/", views.user_lookup, name="lookup"),
    path("export.csv", index_views.user_export, name="export"),
    path("new/", views.user_create, name="create"),
    path("<thinkific_id:user_id>/", views.user_detail, name="detail"),
    path("<thinkific_id:user_id>/edit/", views.user_edit, name="edit"),
    path("<thinkific_id:user_id>/delete/", views.user_delete, name="delete"),
    path("<thinkific_id:user_id>/enrollments/", views.user_enrollments, name="enrollments"),
    path("<thinkific_id:user_id>/orders/", views.user_orders, name="orders"),
]
