"""The portal's URLs, with the bench's references beside the receiver they are compared to."""

import bare_receiver
from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from thinkific_portal.urls import urlpatterns as portal

webhooks = next(i for i, p in enumerate(portal) if getattr(p, "app_name", None) == "webhooks")
urlpatterns = [
    *portal[:webhooks],
    path("bench/bare/in/", csrf_exempt(login_not_required(bare_receiver.receive))),
    *portal[webhooks:],
]
