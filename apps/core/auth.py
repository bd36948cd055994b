"""Logging in, with a brake on password guessing."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.core.exceptions import ValidationError

WINDOW = 15 * 60


class ThrottledAuthenticationForm(auth_views.AuthenticationForm):
    """Refuses further tries for a username, or from an address, after too many failures."""

    def clean(self):
        keys = self._keys()
        if any((cache.get(key) or 0) >= settings.LOGIN_FAILURE_LIMIT for key in keys):
            raise ValidationError(
                "Too many failed log-ins. Wait 15 minutes, then try again.", code="throttled"
            )
        try:
            return super().clean()
        except ValidationError:
            for key in keys:
                if not cache.add(key, 1, WINDOW):
                    cache.incr(key)
            raise

    def _keys(self) -> list[str]:
        username = (self.data.get("username") or "").strip().lower()
        address = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
        return [f"login-failures:user:{username}", f"login-failures:ip:{address}"]


login = auth_views.LoginView.as_view(authentication_form=ThrottledAuthenticationForm)
