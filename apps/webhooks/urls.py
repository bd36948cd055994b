from django.urls import path

from apps.webhooks import views

app_name = "webhooks"

urlpatterns = [
    path("webhooks/in/<uuid:uuid>/", views.receive, name="receive"),
    path("activity/", views.feed_all, name="feed_all"),
    path("activity/stream/", views.feed_all_stream, name="feed_all_stream"),
    path("s/<slug:school>/activity/", views.feed, name="feed"),
    path("s/<slug:school>/activity/stream/", views.feed_stream, name="feed_stream"),
    path("s/<slug:school>/activity/<int:pk>/", views.event_detail, name="event_detail"),
    path("s/<slug:school>/watches/", views.watch_list, name="watch_list"),
    path("s/<slug:school>/watches/new/", views.watch_add, name="watch_add"),
    path("s/<slug:school>/watches/check/", views.watch_check, name="watch_check"),
    path("s/<slug:school>/watches/<int:pk>/", views.watch_edit, name="watch_edit"),
    path("s/<slug:school>/watches/<int:pk>/delete/", views.watch_delete, name="watch_delete"),
]
