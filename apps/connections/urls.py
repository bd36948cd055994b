from django.urls import path

from apps.connections import views

app_name = "connections"

urlpatterns = [
    path("<int:pk>/oauth/connect/", views.oauth_connect, name="oauth_connect"),
    path("oauth/callback/", views.oauth_callback, name="oauth_callback"),
]
