from django.urls import path

from apps.webhooks import views

app_name = "webhooks"

urlpatterns = [
    path("webhooks/in/<uuid:uuid>/", views.receive, name="receive"),
]
