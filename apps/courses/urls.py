from django.urls import path

from apps.courses import views

app_name = "courses"

urlpatterns = [
    path("", views.course_list, name="list"),
    path("<thinkific_id:course_id>/", views.course_detail, name="detail"),
    path("<thinkific_id:course_id>/chapters/", views.course_chapters, name="chapters"),
    path(
        "<thinkific_id:course_id>/chapters/<thinkific_id:chapter_id>/",
        views.chapter_contents,
        name="contents",
    ),
    path("<thinkific_id:course_id>/reviews/", views.course_reviews, name="reviews"),
]
