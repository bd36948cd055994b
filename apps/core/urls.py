from django.urls import path

from apps.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("account/time-zone/", views.time_zone, name="time_zone"),
    path("s/<slug:school>/", views.school_home, name="school_home"),
    path("s/<slug:school>/check/", views.school_check, name="school_check"),
    path("s/<slug:school>/health/", views.school_health, name="school_health"),
]
