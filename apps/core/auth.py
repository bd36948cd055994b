"""Logging in: every page that checks a password does it through one of these forms, under
the log-in brake (apps/core/brake.py)."""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from apps.core import brake


class BrakedLogin:
    """A log-in form whose password check waits its turn under the brake."""

    def clean(self):
        username = self.cleaned_data.get("username")
        if username is None or not self.cleaned_data.get("password"):
            return super().clean()  # no password is checked
        try:
            check = brake.check_start(self.request, username)
        except brake.RefusedError as refusal:
            raise ValidationError(refusal.message, code="throttled") from None
        try:
            cleaned = super().clean()
        except ValidationError:
            check.failed()
            raise
        except BaseException:
            check.abandoned()  # left under way, it would hold every later check up
            raise
        check.succeeded(self.get_user())
        return cleaned


class LoginForm(BrakedLogin, AuthenticationForm):
    pass


class AdminLoginForm(BrakedLogin, AdminAuthenticationForm):
    pass


login = auth_views.LoginView.as_view(authentication_form=LoginForm)
