"""The sidebar: one entry per section of a school, shown to those who may view it."""

import functools
from dataclasses import dataclass

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

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
    home, *urls = _urls(school.slug, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    entries = []
    for section, url in zip(SECTIONS, urls, strict=True):
        if section.permission and not request.user.has_perm(section.permission):
            continue
        current = request.path == url or (url != home and request.path.startswith(url))
        entries.append({"label": section.label, "url": url, "current": current})
    return entries


@functools.lru_cache(maxsize=1024)
def _urls(slug: str, prefix: str, urlconf: str) -> tuple[str, ...]:
    """The school's home, then each section's URL, worked out once per school: the
    sidebar's 14 reverse() calls took about 1 ms of every page."""
    names = ("core:school_home", *(section.url_name for section in SECTIONS))
    return tuple(reverse(name, args=[slug], urlconf=urlconf) for name in names)
