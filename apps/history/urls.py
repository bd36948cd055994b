from django.urls import path

from apps.history import views

app_name = "history"

urlpatterns = [
    path("", views.history_page, name="list"),
    path("export.csv", views.history_export, name="export"),
    path("<slug:resource>/<thinkific_id:record_id>/", views.record_history, name="record"),
]
