from django.urls import path

from apps.users import views

app_name = "users"

urlpatterns = [
    path("", views.user_list, name="list"),
    path("lookup/", views.user_lookup, name="lookup"),
    path("new/", views.user_create, name="create"),
    path("<int:user_id>/", views.user_detail, name="detail"),
    path("<int:user_id>/edit/", views.user_edit, name="edit"),
    path("<int:user_id>/delete/", views.user_delete, name="delete"),
    path("<int:user_id>/enrollments/", views.user_enrollments, name="enrollments"),
    path("<int:user_id>/orders/", views.user_orders, name="orders"),
]
