from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from apps.core import auth, resources

# Every page that checks a password goes through the log-in brake (apps/core/brake.py).
admin.site.login_form = auth.AdminLoginForm

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", auth.login, name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"
    ),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("connections/", include("apps.connections.urls")),
    path("", include("apps.webhooks.urls")),
    *resources.urlpatterns(),
    path("s/<slug:school>/console/", include("apps.console.urls")),
    path("s/<slug:school>/history/", include("apps.history.urls")),
    path("s/<slug:school>/", include("apps.jobs.urls")),
    path("s/<slug:school>/index/", include("apps.index.urls")),
    path("", include("apps.core.urls")),
]

if settings.SANDBOX_ENABLED:
    urlpatterns.append(path("sandbox/", include("apps.sandbox.urls")))
