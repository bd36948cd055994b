"""Logging in, with a brake on password guessing that no stranger can turn into a lock-out.

Failures count per username and address together, and per address alone with a much
higher limit. Past the first limit, wrong passwords for that username from that address
are refused without a look, but the right one still logs in: staff are never locked out of
their own account. Past the second, the address is refused everything for a while.
"""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.core.exceptions import ValidationError

WINDOW = 15 * 60
THROTTLED = "Too many failed log-ins. Wait 15 minutes, then try again."


def client_address(request) -> str:
    """The client's address: behind `TRUSTED_PROXY_COUNT` proxies, the one the outermost of
    them saw (each appends to X-Forwarded-For; what comes before is the client's to write)."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    return hops[-proxies] if len(hops) >= proxies else remote


class ThrottledAuthenticationForm(auth_views.AuthenticationForm):
    def clean(self):
        username = (self.data.get("username") or "").strip().lower()
        address = client_address(self.request) if self.request else ""
        pair, alone = f"login-failures:{address}:{username}", f"login-failures:ip:{address}"
        if _count(alone) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            raise ValidationError(THROTTLED, code="throttled")
        guessing = _count(pair) >= settings.LOGIN_FAILURE_LIMIT
        try:
            return super().clean()
        except ValidationError:
            for key in (pair, alone):
                if not cache.add(key, 1, WINDOW):
                    cache.incr(key)
            if guessing:
                raise ValidationError(THROTTLED, code="throttled") from None
            raise


def _count(key: str) -> int:
    return cache.get(key) or 0


login = auth_views.LoginView.as_view(authentication_form=ThrottledAuthenticationForm)
