"""Custom profile field definitions: the extra sign-up fields a school asks for (list only).

A user's answers are `users.CustomProfileField`, tied here by definition id.
"""

from __future__ import annotations

from dataclasses import dataclass

from apps.thinkific.records import Record
from apps.thinkific.resources.base import Listable


@dataclass(frozen=True, kw_only=True)
class CustomProfileFieldDefinition(Record):
    id: int
    label: str = ""
    field_type: str | None = None
    required: bool = False


class CustomProfileFields(Listable[CustomProfileFieldDefinition]):
    """`client.custom_profile_fields`: list only."""

    path = "custom_profile_field_definitions"
    record = CustomProfileFieldDefinition
