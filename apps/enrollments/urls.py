from django.urls import path

from apps.core.resources import resource
from apps.enrollments import views
from apps.index import views as index_views

# No delete: Thinkific has none, "Expire now" ends access instead (and can be undone).
urlpatterns = resource("enrollments").pages(
    views,
    path("users/", views.enrollment_user_search, name="user_search"),
    path("export.csv", index_views.enrollment_export, name="export"),
    path("<thinkific_id:enrollment_id>/expire/", views.enrollment_expire, name="expire"),
    path("<thinkific_id:enrollment_id>/undo-expire/", views.enrollment_undo_expire, name="undo"),
)
