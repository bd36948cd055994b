"""Thinkific's deliveries skip the page middleware: a machine's signed POST has no session,
user, CSRF token, messages, time zone or htmx to handle."""

from django.urls import Resolver404, URLResolver
from django.urls.resolvers import RegexPattern

from apps.webhooks.urls import receiver_urlpatterns

RECEIVER_PREFIX = "/webhooks/in/"
# The receiver's route alone: a delivery is matched against one pattern, not the site's all.
_receiver_routes = URLResolver(RegexPattern(r"^/"), receiver_urlpatterns)


class ReceiverMiddleware:
    """Serves the receiver's URL directly; every other request goes down the chain.

    Placed after SecurityMiddleware (HTTPS redirect); the host is still checked against
    ALLOWED_HOSTS, as CommonMiddleware would.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(RECEIVER_PREFIX):
            return self.get_response(request)
        try:
            match = _receiver_routes.resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)  # the page's 404, with its layout
        request.get_host()
        request.resolver_match = match
        return match.func(request, *match.args, **match.kwargs)
