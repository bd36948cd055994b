"""Thinkific's deliveries skip the page middleware: a machine's signed POST has no session,
user, CSRF token, messages, time zone or htmx to handle."""

from django.urls import Resolver404, resolve

RECEIVER_PREFIX = "/webhooks/in/"


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
            match = resolve(request.path_info)
        except Resolver404:
            match = None
        if match is None or match.view_name != "webhooks:receive":
            return self.get_response(request)  # the page's 404, with its layout
        request.get_host()
        request.resolver_match = match
        return match.func(request, *match.args, **match.kwargs)
