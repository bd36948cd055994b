from django.urls import path

from apps.enrollments import views
from apps.index import views as index_views

app_name = "enrollments"

# No delete: Thinkific has none, "Expire now" ends access instead (and can be undone).
urlpatterns = [
    path("", views.enrollment_list, name="list"),
    path("export.csv", index_views.enrollment_export, name="export"),
    path("new/", views.enrollment_create, name="create"),
    path("users/", views.enrollment_user_search, name="user_search"),
    path("<thinkific_id:enrollment_id>/", views.enrollment_detail, name="detail"),
    path("<thinkific_id:enrollment_id>/edit/", views.enrollment_edit, name="edit"),
    path("<thinkific_id:enrollment_id>/expire/", views.enrollment_expire, name="expire"),
    path("<thinkific_id:enrollment_id>/undo-expire/", views.enrollment_undo_expire, name="undo"),
]
