"""Groups: `/groups`, their analysts, and adding users to groups by name.

Thinkific lists a group's users only through `client.users.list(group_id=...)`, and
offers no way to take a user out of a group.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from apps.thinkific import errors
from apps.thinkific.records import Record, to_int
from apps.thinkific.resources.base import Deletable, Id, Listable, Retrievable, join


@dataclass(frozen=True, kw_only=True)
class Group(Record):
    id: int
    name: str = ""
    token: str | None = None  # Thinkific's 8-character public id of the group
    created_at: datetime | None = None


class Groups(Listable[Group], Retrievable[Group], Deletable[Group]):
    """`client.groups`."""

    path = "groups"
    record = Group

    def create(self, *, name: str) -> Group:
        """A new group (Thinkific answers 200 with it, not 201)."""
        return self._create({"name": name})

    def analysts(self, group_id: Id) -> tuple[int, ...]:
        """The user ids of the group's analysts."""
        data = self._request("GET", join(self.path, group_id, "analysts"))
        ids = data.get("group_analysts") if isinstance(data, dict) else None
        if not isinstance(ids, list):
            raise errors.BadResponseError("Thinkific answered without group_analysts.")
        return tuple(i for i in map(to_int, ids) if i is not None)

    def add_analysts(self, group_id: Id, user_ids: Iterable[int]) -> None:
        """Make users (who must have the group_analyst role) analysts of the group."""
        path = join(self.path, group_id, "analysts")
        self._request("POST", path, json={"user_ids": list(user_ids)})

    def remove_analyst(self, group_id: Id, user_id: Id) -> None:
        """Stop a user being an analyst of the group."""
        self._request("DELETE", join(self.path, group_id, "analysts", user_id))

    def add_analyst_to_groups(self, user_id: Id, group_ids: Iterable[int]) -> None:
        """Make one analyst (a user with the group_analyst role) analyst of several groups."""
        path = join("group_analysts", user_id, "groups")
        self._request("POST", path, json={"group_ids": list(group_ids)})

    def remove_analyst_from_group(self, user_id: Id, group_id: Id) -> None:
        """Stop an analyst being analyst of one group."""
        self._request("DELETE", join("group_analysts", user_id, "groups", group_id))

    def add_user_to_groups(self, user_id: int, group_names: Iterable[str]) -> None:
        """Put an existing user in existing groups, named by name (`POST /group_users`)."""
        body = {"user_id": user_id, "group_names": list(group_names)}
        self._request("POST", "group_users", json=body)
