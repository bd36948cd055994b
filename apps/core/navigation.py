"""The sidebar: one entry per section of a school, shown to those who may view it."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class Section:
    label: str
    url_name: str
    permission: str | None = None


SECTIONS = (
    Section("Overview", "core:school_home"),
    Section("Users", "users:list", "core.view_users"),
    Section("Instructors", "instructors:list", "core.view_instructors"),
    Section("Activity", "webhooks:feed", "core.view_events"),
    Section("Watches", "webhooks:watch_list", "core.view_watches"),
    Section("API console", "console:page", "core.use_console"),
    Section("Jobs", "jobs:list"),
)


def sections_for(request, school) -> list[dict]:
    entries = []
    for section in SECTIONS:
        if section.permission and not request.user.has_perm(section.permission):
            continue
        try:
            url = reverse(section.url_name, args=[school.slug])
        except NoReverseMatch:  # that part of the portal is not installed
            continue
        entries.append(
            {
                "label": section.label,
                "url": url,
                "current": request.path == url
                or (
                    url != reverse("core:school_home", args=[school.slug])
                    and request.path.startswith(url)
                ),
            }
        )
    return entries
