"""What to change on Thinkific so that its webhooks match the school's watches.

Pure functions, no HTTP: `plan` compares the webhooks Thinkific has with the topics the
watches want and lists the steps that make them agree. The same plan serves a watch being
saved, the drift check, and its one-click repair.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol
from urllib.parse import urlsplit

from apps.webhooks import topics


class RemoteWebhook(Protocol):
    id: str
    topic: str
    target_url: str
    status: str


@dataclass(frozen=True)
class Step:
    kind: Literal["create", "update", "delete"]
    topic: str  # the topic it serves afterwards; for a delete, the one it served
    reason: str
    webhook_id: str = ""

    @property
    def verb(self) -> str:
        return {"create": "Register", "update": "Update", "delete": "Remove"}[self.kind]


@dataclass(frozen=True)
class CheckRow:
    topic: str
    label: str
    expected: bool
    webhook_ids: tuple[str, ...]
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Comparison:
    """Thinkific's webhooks for this school beside the topics its watches want."""

    expected: tuple[str, ...]
    ours: tuple[RemoteWebhook, ...]  # the webhooks that deliver to this school's receiver
    others: int  # webhooks delivering elsewhere (other integrations): never touched
    steps: tuple[Step, ...]

    @property
    def in_sync(self) -> bool:
        return not self.steps

    def rows(self) -> list[CheckRow]:
        """One row per topic the watches want, then one per topic only Thinkific has."""
        unexpected = ordered(w.topic for w in self.ours if w.topic not in self.expected)
        return [
            CheckRow(
                topic=topic,
                label=topics.label(topic),
                expected=topic in self.expected,
                webhook_ids=tuple(str(w.id) for w in self.ours if w.topic == topic),
                steps=tuple(step for step in self.steps if step.topic == topic),
            )
            for topic in (*self.expected, *unexpected)
        ]


def compare(
    *,
    expected: Iterable[str],
    remote: Sequence[RemoteWebhook],
    receiver_url: str,
    known_ids: Iterable[str] = (),
) -> Comparison:
    expected = ordered(expected)
    known = set(known_ids)
    ours = tuple(w for w in remote if str(w.id) in known or delivers_to(w, receiver_url))
    return Comparison(
        expected=expected,
        ours=ours,
        others=len(remote) - len(ours),
        steps=tuple(plan(expected=expected, ours=ours, receiver_url=receiver_url)),
    )


def plan(
    *, expected: Sequence[str], ours: Sequence[RemoteWebhook], receiver_url: str
) -> list[Step]:
    """Steps that leave exactly one active webhook per expected topic, pointing at us.

    A webhook no topic needs any more is moved to a missing topic (one PUT instead of a
    DELETE and a POST) before anything is created; what is left over is removed.
    """
    by_topic: dict[str, list[RemoteWebhook]] = {}
    for webhook in ours:
        by_topic.setdefault(webhook.topic, []).append(webhook)
    spare = [w for topic, group in sorted(by_topic.items()) if topic not in expected for w in group]
    steps: list[Step] = []
    missing: list[str] = []
    for topic in expected:
        group = sorted(by_topic.get(topic, []), key=lambda w: _preference(w, receiver_url))
        if not group:
            missing.append(topic)
            continue
        keeper, *extra = group
        steps += [
            Step("delete", topic, "A second webhook for the same topic.", str(w.id)) for w in extra
        ]
        if not _is_active(keeper):
            steps.append(
                Step("delete", topic, f"It is {keeper.status}, not active.", str(keeper.id))
            )
            missing.append(topic)
        elif keeper.target_url != receiver_url:
            steps.append(
                Step("update", topic, f"It delivers to {keeper.target_url}.", str(keeper.id))
            )
    for topic in missing:
        reusable = [w for w in spare if _is_active(w)]
        if reusable:
            webhook = reusable[0]
            spare.remove(webhook)
            reason = f"Missing; reuses the webhook of {webhook.topic}, which no watch wants."
            steps.append(Step("update", topic, reason, str(webhook.id)))
        else:
            steps.append(Step("create", topic, "Missing on Thinkific."))
    steps += [
        Step("delete", w.topic, f"No watch wants {topics.label(w.topic)}.", str(w.id))
        for w in spare
    ]
    return steps


def ordered(names: Iterable[str]) -> tuple[str, ...]:
    """Topics in the catalogue's order (unknown ones last, by name), each once."""
    wanted = set(names)
    known = [name for name in topics.NAMES if name in wanted]
    return (*known, *sorted(wanted - set(known)))


def delivers_to(webhook: RemoteWebhook, receiver_url: str) -> bool:
    """True for a webhook aimed at this school's receiver, even at an old base URL."""
    if webhook.target_url == receiver_url:
        return True
    path = urlsplit(receiver_url).path
    return bool(path) and urlsplit(webhook.target_url or "").path == path


def _is_active(webhook: RemoteWebhook) -> bool:
    return not webhook.status or webhook.status == "active"


def _preference(webhook: RemoteWebhook, receiver_url: str) -> tuple:
    return (webhook.target_url != receiver_url, not _is_active(webhook), str(webhook.id))


# -- can Thinkific deliver there? --------------------------------------------------------

PRIVATE_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home", ".test", ".invalid")
RESERVED_DOMAINS = ("example.com", "example.net", "example.org", "thinkific.com")


def receiver_url_problems(url: str) -> list[str]:
    """Why Thinkific would not deliver to `url` (it wants public https URLs); [] if none."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".")
    problems = []
    if parts.scheme != "https":
        problems.append("it is not https: Thinkific only delivers to https URLs")
    if not host:
        problems.append("it has no host name")
    elif _is_private_host(host):
        problems.append(f"{host} is not reachable from the internet")
    return problems


def _is_private_host(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return (
            "." not in host
            or host == "localhost"
            or host.endswith(PRIVATE_SUFFIXES)
            or any(host == d or host.endswith("." + d) for d in RESERVED_DOMAINS)
        )
    return not address.is_global
