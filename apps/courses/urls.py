from django.urls import path

from apps.courses import views

app_name = "courses"

urlpatterns = [
    path("", views.course_list, name="list"),
    path("<int:course_id>/", views.course_detail, name="detail"),
    path("<int:course_id>/chapters/", views.course_chapters, name="chapters"),
    path("<int:course_id>/chapters/<int:chapter_id>/", views.chapter_contents, name="contents"),
    path("<int:course_id>/reviews/", views.course_reviews, name="reviews"),
]
