from django.urls import path

from apps.index import views

app_name = "index"

urlpatterns = [
    path("", views.index_status, name="status"),
    path("sync/", views.index_sync, name="sync"),
]
