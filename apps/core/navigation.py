"""The sidebar: one entry per section of a school, shown to those who may view it."""

from dataclasses import dataclass

from django.urls import reverse

from apps.core.resources import RESOURCES


@dataclass(frozen=True)
class Section:
    label: str
    url_name: str
    permission: str | None = None


SECTIONS = (
    Section("Overview", "core:school_home"),
    *(
        Section(r.label, f"{r.name}:list", r.permission("view"))
        for r in RESOURCES
        if r.in_sidebar and r.installed
    ),
    Section("Activity", "webhooks:feed", "core.view_events"),
    Section("Watches", "webhooks:watch_list", "core.view_watches"),
    Section("API console", "console:page", "core.use_console"),
    Section("Jobs", "jobs:list"),
    Section("History", "history:list", "core.view_history"),
)


def sections_for(request, school) -> list[dict]:
    home = reverse("core:school_home", args=[school.slug])
    entries = []
    for section in SECTIONS:
        if section.permission and not request.user.has_perm(section.permission):
            continue
        url = reverse(section.url_name, args=[school.slug])
        current = request.path == url or (url != home and request.path.startswith(url))
        entries.append({"label": section.label, "url": url, "current": current})
    return entries
