from django.conf import settings
from django.db import models


class Access(models.Model):
    """Holds no rows: it carries the permissions for records that live in Thinkific.

    Admins grant them to groups: `core.view_users`, `core.change_coupons`, ... Those of the
    resources come from `apps.core.resources` (created after `migrate`); the rest are here.
    """

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_watches", "Can view watches"),
            ("add_watches", "Can add watches"),
            ("change_watches", "Can change watches"),
            ("delete_watches", "Can delete watches"),
            ("check_connection", "Can check a school's connection (spends one API call)"),
            ("view_events", "Can view the activity feed"),
            ("use_console", "Can make any API call in the console"),
        ]

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
