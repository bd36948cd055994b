from django.urls import path

from apps.webhooks.views import feed, followups, receiver, start, watches

app_name = "webhooks"

# Mounted at the site's root; `middleware.ReceiverMiddleware` resolves deliveries with it alone.
receiver_urlpatterns = [path("webhooks/in/<uuid:uuid>/", receiver.receive, name="receive")]

urlpatterns = [
    *receiver_urlpatterns,
    path("activity/", feed.feed_all, name="feed_all"),
    path("activity/stream/", feed.feed_all_stream, name="feed_all_stream"),
    path("s/<slug:school>/activity/", feed.feed, name="feed"),
    path("s/<slug:school>/activity/stream/", feed.feed_stream, name="feed_stream"),
    path("s/<slug:school>/activity/export.csv", feed.feed_export, name="feed_export"),
    path("s/<slug:school>/activity/chart/", feed.activity_chart, name="activity_chart"),
    path("s/<slug:school>/activity/<int:pk>/", feed.event_detail, name="event_detail"),
    path("s/<slug:school>/get-started/", start.get_started, name="get_started"),
    path("s/<slug:school>/activity/failed/", followups.followups_failed, name="followups_failed"),
    path("s/<slug:school>/activity/<int:pk>/retry/", followups.event_retry, name="event_retry"),
    path("s/<slug:school>/activity/<int:pk>/replay/", followups.event_replay, name="event_replay"),
    path("s/<slug:school>/watches/", watches.watch_list, name="watch_list"),
    path("s/<slug:school>/watches/start/", start.watch_start, name="watch_start"),
    path("s/<slug:school>/watches/new/", watches.watch_add, name="watch_add"),
    path("s/<slug:school>/watches/check/", watches.watch_check, name="watch_check"),
    path("s/<slug:school>/watches/missed/", watches.missed_list, name="missed_list"),
    path("s/<slug:school>/watches/<int:pk>/", watches.watch_edit, name="watch_edit"),
    path("s/<slug:school>/watches/<int:pk>/delete/", watches.watch_delete, name="watch_delete"),
]
