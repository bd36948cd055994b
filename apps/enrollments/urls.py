from django.urls import path

from apps.core.resources import resource
from apps.enrollments import views

# No delete: Thinkific has none, "Expire now" ends access instead (and can be undone).
urlpatterns = resource("enrollments").pages(
    views,
    path("users/", views.enrollment_user_search, name="user_search"),
    path("<thinkific_id:enrollment_id>/expire/", views.enrollment_expire, name="expire"),
    path("<thinkific_id:enrollment_id>/undo-expire/", views.enrollment_undo_expire, name="undo"),
)
