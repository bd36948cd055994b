"""Webhooks registered through the Webhooks API v2."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from apps.sandbox import errors
from apps.sandbox import models as m
from apps.sandbox.events.ids import timestamp_id
from apps.sandbox.events.topics import TOPICS

# Thinkific refuses targets that are not public: local names and reserved or own domains.
PRIVATE_SUFFIXES = (".localhost", ".local", ".internal", ".test", ".invalid", ".example", ".lan")
FORBIDDEN_DOMAINS = ("localhost", "example.com", "example.net", "example.org", "thinkific.com")


def webhook_create(*, school: m.School, data: dict, via_oauth: bool) -> m.Webhook:
    """A webhook registered with an OAuth token is signed with the app's client secret."""
    topic, target_url = _values(data, as_lists=False)
    now = timezone.now()
    author = _author(school)
    return m.Webhook.objects.create(
        id=timestamp_id(now),
        school=school,
        topic=topic,
        target_url=target_url,
        signing=m.Webhook.Signing.OAUTH if via_oauth else m.Webhook.Signing.API_KEY,
        created_by=author,
        updated_by=author,
        created_at=now,
        updated_at=now,
    )


def webhook_update(*, instance: m.Webhook, data: dict) -> m.Webhook:
    """Change topic and/or target URL."""
    # PUT answers its 422 with lists (`{"topic": ["invalid format"]}`), POST with strings.
    topic, target_url = _values(data, as_lists=True, current=instance)
    instance.topic = topic
    instance.target_url = target_url
    instance.updated_by = _author(instance.school)
    instance.updated_at = timezone.now()
    instance.save()
    return instance


def webhook_delete(*, instance: m.Webhook) -> None:
    """Delete the webhook; deliveries still waiting for a retry are dropped."""
    instance.delete()


def _values(data: dict, *, as_lists: bool, current: m.Webhook | None = None) -> tuple[str, str]:
    topic = data.get("topic", current.topic if current else None)
    target_url = data.get("target_url", current.target_url if current else None)
    problems = {}
    if topic not in TOPICS:
        problems["topic"] = "invalid format"
    if not isinstance(target_url, str) or not target_url_allowed(target_url):
        problems["url"] = "is not valid"
    if problems:
        if as_lists:
            problems = {name: [message] for name, message in problems.items()}
        raise errors.ValidationError(problems)
    return topic, target_url


def target_url_allowed(url: str) -> bool:
    """Public https only; with SANDBOX_ALLOW_LOCAL_WEBHOOKS also http and local hosts."""
    allow_local = settings.SANDBOX_ALLOW_LOCAL_WEBHOOKS
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").rstrip(".")
        parts.port  # noqa: B018 (raises ValueError on a bad port)
    except ValueError:
        return False
    schemes = ("https", "http") if allow_local else ("https",)
    if len(url) > 1000 or parts.scheme not in schemes or not host or parts.username:
        return False
    if allow_local:
        return True
    try:
        return ipaddress.ip_address(host).is_global
    except ValueError:
        pass
    forbidden = any(host == domain or host.endswith(f".{domain}") for domain in FORBIDDEN_DOMAINS)
    return "." in host and not forbidden and not host.endswith(PRIVATE_SUFFIXES)


def _author(school: m.School) -> str:
    """The id of the school's owner (its first site admin), as the string Thinkific sends."""
    owner = (
        m.User.objects.filter(school=school, roles__contains="site_admin")
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    return str(owner or school.pk)
