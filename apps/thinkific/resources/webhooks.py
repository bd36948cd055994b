"""The Webhooks API v2 (`/api/v2`): webhook subscriptions, stored events, and the topics.

Unlike the Admin API it pages with an opaque cursor, uses string ids and answers an
update with the webhook (200) rather than 204.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from apps.thinkific.apis import WEBHOOKS_API
from apps.thinkific.pagination import CursorPage
from apps.thinkific.records import Record
from apps.thinkific.resources.base import Deletable, Id, Retrievable, join


@dataclass(frozen=True)
class Topic:
    """A webhook topic: `<resource>.<action>`, what fires it, and whether it needs Payments."""

    name: str
    description: str
    payments_only: bool = False  # fires only for schools taking Thinkific Payments

    @property
    def resource(self) -> str:
        """The resource the topic is about: "order_transaction" for order_transaction.failed."""
        return self.name.partition(".")[0]


TOPICS: tuple[Topic, ...] = (
    Topic("app.uninstalled", "The app was removed from the school."),
    Topic("course.created", "A course was created."),
    Topic("course.deleted", "A course was deleted."),
    Topic("course.updated", "A course was changed."),
    Topic("enrollment.completed", "A student reached 100 % of a course."),
    Topic("enrollment.created", "A student got full access to a course."),
    Topic("enrollment.progress", "A student's progress in a course changed."),
    Topic("enrollment.trial", "A student started a free trial of a course."),
    Topic("lead.created", "A new lead signed up."),
    Topic("lesson.completed", "A student finished a lesson."),
    Topic("order.created", "An order went through."),
    Topic("order_transaction.failed", "A payment failed.", payments_only=True),
    Topic("order_transaction.refunded", "A payment was refunded.", payments_only=True),
    Topic("order_transaction.succeeded", "A payment went through.", payments_only=True),
    Topic("plan.updated", "The school moved to another Thinkific plan."),
    Topic("product.created", "A product was created."),
    Topic("product.deleted", "A product was deleted."),
    Topic("product.updated", "A product or one of its prices was changed."),
    Topic("quiz.attempted", "A student answered a quiz's last question."),
    Topic("subscription.cancelled", "A subscription was cancelled.", payments_only=True),
    Topic("subscription.past_due", "A subscription payment is overdue.", payments_only=True),
    Topic("subscription.unpaid", "A subscription went unpaid.", payments_only=True),
    Topic("user.signin", "A user signed in (by any method, SSO included)."),
    Topic("user.signup", "A new user signed up."),
    Topic("user.updated", "A user's email, name or role changed."),
)
TOPICS_BY_NAME: dict[str, Topic] = {topic.name: topic for topic in TOPICS}


@dataclass(frozen=True, kw_only=True)
class Webhook(Record):
    id: str
    topic: str = ""
    target_url: str = ""
    status: str = ""
    created_by: str | None = None
    updated_by: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class Event(Record):
    """A stored event: what happened, and the resource as it was right after."""

    id: str
    resource: str = ""
    action: str = ""
    created_at: datetime | None = None
    payload: dict = field(default_factory=dict)

    @property
    def topic(self) -> str:
        return f"{self.resource}.{self.action}"


class Webhooks(Retrievable[Webhook], Deletable[Webhook]):
    """`client.webhooks`. Target URLs must be public https addresses."""

    path = "webhooks"
    record = Webhook
    api = WEBHOOKS_API

    def list(self, *, limit: int = 25, cursor: str | None = None) -> CursorPage[Webhook]:
        """One page of webhooks; pass the page's `next_cursor` as `cursor` for the next."""
        return self.client.cursor_page(self.path, Webhook.from_api, limit=limit, cursor=cursor)

    def all(self) -> Iterator[Webhook]:
        """Every webhook, following the cursors."""
        return self.client.iterate_cursor(self.path, Webhook.from_api)

    def create(self, *, topic: str, target_url: str) -> Webhook:
        """Subscribe `target_url` to one topic."""
        return self._create({"topic": topic, "target_url": target_url})

    def update(self, webhook_id: Id, *, topic: str, target_url: str) -> Webhook:
        """Change a webhook's topic and target; Thinkific answers with the webhook."""
        body = {"topic": topic, "target_url": target_url}
        return self._record(self._request("PUT", join(self.path, webhook_id), json=body))


class Events(Retrievable[Event]):
    """`client.events`: one stored event by id (the id of a webhook delivery)."""

    path = "events"
    record = Event
    api = WEBHOOKS_API
