from django.urls import path

from apps.instructors import views

app_name = "instructors"

urlpatterns = [
    path("", views.instructor_list, name="list"),
    path("new/", views.instructor_create, name="create"),
    path("users/", views.instructor_user_search, name="user_search"),
    path("<thinkific_id:instructor_id>/", views.instructor_detail, name="detail"),
    path("<thinkific_id:instructor_id>/edit/", views.instructor_edit, name="edit"),
    path("<thinkific_id:instructor_id>/delete/", views.instructor_delete, name="delete"),
]
