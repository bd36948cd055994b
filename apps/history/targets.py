"""Which portal resource and record a Thinkific API path is about, from the resources'
declarations (apps.core.resources): `users/7`, `coupons?promotion_id=5`,
`collection_memberships/3`, `coupons/bulk_create`..."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from apps.core.resources import RESOURCES, PortalResource
from apps.thinkific.apis import ADMIN_API, WEBHOOKS_API

BY_API_PATH = {path: r for r in RESOURCES for path in r.api_paths}


@dataclass(frozen=True)
class Target:
    """What a write is about: `resource` None when no portal resource declares the path."""

    resource: PortalResource | None
    record_id: str = ""
    action: str = "update"  # create, update or delete
    part: bool = False  # a write to a part of the record (its products, say)


def api_path(path: str, *, raw: bool) -> tuple[str, str]:
    """(api root, path under it) of a call; a raw (console) call's path is its whole URL."""
    if not raw:
        return "", path.strip("/")
    url_path = urlsplit(path).path
    for root in (ADMIN_API, WEBHOOKS_API):
        _, found, rest = url_path.partition(f"{root}/")
        if found:
            return root, rest.strip("/")
    return "", url_path.strip("/")


def target_of(method: str, path: str) -> Target:
    """The resource and record of a write to `path` (under the API's root)."""
    segments = [unquote(s) for s in path.split("/") if s]
    resource = BY_API_PATH.get(segments[0]) if segments else None
    if resource is None:
        return Target(None, action=_action(method, segments))
    record_id = segments[1] if len(segments) > 1 and _is_id(segments[1]) else ""
    part = bool(record_id) and (len(segments) > 2 or segments[0] != resource.api_paths[0])
    if not record_id or part:
        action = "create" if method == "POST" and not record_id else "update"
    else:
        action = "delete" if method == "DELETE" else "update"
    return Target(resource, record_id, action, part)


def _action(method: str, segments: list[str]) -> str:
    if method == "POST":
        return "create"
    if method == "DELETE" and len(segments) == 2:
        return "delete"
    return "update"


def _is_id(segment: str) -> bool:
    return segment.isdigit()
