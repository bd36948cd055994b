from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("connections/", include("apps.connections.urls")),
    path("", include("apps.webhooks.urls")),
    path("s/<slug:school>/users/", include("apps.users.urls")),
    path("s/<slug:school>/instructors/", include("apps.instructors.urls")),
    path("s/<slug:school>/console/", include("apps.console.urls")),
    path("", include("apps.core.urls")),
]

if settings.SANDBOX_ENABLED:
    urlpatterns.append(path("sandbox/", include("apps.sandbox.urls")))
