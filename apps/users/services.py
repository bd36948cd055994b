"""Writing users to Thinkific. Errors come back as `errors.ThinkificError` subclasses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from apps.core.writes import update_changed
from apps.thinkific import ThinkificClient
from apps.thinkific.resources.users import User


def _answers(custom_profile_fields: Mapping[int, str]) -> list[dict[str, Any]]:
    return [
        {"custom_profile_field_definition_id": definition_id, "value": value}
        for definition_id, value in custom_profile_fields.items()
    ]


def user_create(
    *,
    client: ThinkificClient,
    first_name: str,
    last_name: str,
    email: str,
    custom_profile_fields: Mapping[int, str] | None = None,
    **fields: Any,
) -> User:
    """Create a user. `fields` are Thinkific's (password, roles, bio, company, headline,
    affiliate_*, send_welcome_email, external_id with provider); `custom_profile_fields`
    maps a definition id to the answer."""
    if custom_profile_fields:
        fields["custom_profile_fields"] = _answers(custom_profile_fields)
    return client.users.create(first_name=first_name, last_name=last_name, email=email, **fields)


def user_update(
    *,
    client: ThinkificClient,
    user_id: int,
    custom_profile_fields: Mapping[int, str] | None = None,
    **fields: Any,
) -> bool:
    """Change the named fields of a user, and nothing else. False when there was nothing to
    change (no request is made)."""
    if custom_profile_fields:
        fields["custom_profile_fields"] = _answers(custom_profile_fields)
    return update_changed(client.users, user_id, fields)


def user_delete(*, client: ThinkificClient, user_id: int) -> None:
    """Delete a user from the school."""
    client.users.delete(user_id)
