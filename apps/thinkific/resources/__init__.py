"""One module per Thinkific resource; `REGISTRY` binds them to `client.<name>`."""

from apps.thinkific.resources.users import Users

REGISTRY: dict[str, type] = {
    "users": Users,
}
