"""The portal's URLs, with the bench's references beside them: a bare webhook receiver, and
Django admin changelists of the site's own users at the two page sizes the lists are timed at.
"""

import bare_receiver
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from thinkific_portal.urls import urlpatterns as portal


def changelist_site(rows: int) -> admin.AdminSite:
    """An admin site whose user changelist shows `rows` users a page."""
    site = admin.AdminSite(name=f"bench_admin_{rows}")
    site.register(get_user_model(), type(f"Users{rows}", (UserAdmin,), {"list_per_page": rows}))
    return site


webhooks = next(i for i, p in enumerate(portal) if getattr(p, "app_name", None) == "webhooks")
urlpatterns = [
    *portal[:webhooks],
    path("bench/bare/in/", csrf_exempt(login_not_required(bare_receiver.receive))),
    *portal[webhooks:],
    *(path(f"bench/admin-{rows}/", changelist_site(rows).urls) for rows in (25, 250)),
]
