from django.conf import settings
from django.db import models

RESOURCES = {
    "users": "users",
    "instructors": "instructors",
    "categories": "categories",
    "promotions": "promotions",
    "coupons": "coupons",
    "orders": "orders",
    "enrollments": "enrollments",
    "watches": "watches",
}


def _permissions():
    for codename, label in RESOURCES.items():
        for action in ("view", "add", "change", "delete"):
            yield f"{action}_{codename}", f"Can {action} {label}"
    yield "check_connection", "Can check a school's connection (spends one API call)"
    yield "view_events", "Can view the activity feed"
    yield "use_console", "Can make any API call in the console"


class Access(models.Model):
    """Holds no rows: it carries the permissions for records that live in Thinkific.

    Admins grant them to groups: `core.view_users`, `core.change_coupons`, ...
    """

    class Meta:
        managed = False
        default_permissions = ()
        permissions = list(_permissions())

    def __str__(self) -> str:
        return "Portal access"


class Preference(models.Model):
    """A staff member's display settings; without a row the site's defaults apply."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portal_preference"
    )
    time_zone = models.CharField(
        max_length=64, blank=True, help_text="Blank: the site's TIME_ZONE setting."
    )

    def __str__(self) -> str:
        return f"Preferences of {self.user}"
