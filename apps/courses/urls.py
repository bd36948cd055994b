from django.urls import path

from apps.core.resources import resource
from apps.courses import views

urlpatterns = resource("courses").pages(
    views,
    path("<thinkific_id:course_id>/chapters/", views.course_chapters, name="chapters"),
    path(
        "<thinkific_id:course_id>/chapters/<thinkific_id:chapter_id>/",
        views.chapter_contents,
        name="contents",
    ),
    path("<thinkific_id:course_id>/reviews/", views.course_reviews, name="reviews"),
)
