"""The webhook topics, in the order staff pick them, with the words they know.

Which topics exist (and which need Thinkific Payments) is the client's knowledge
(`apps.thinkific.resources.webhooks.TOPICS`); this module only orders and names them.
The six a school watches most come first: they are also the quick-start watches.
"""

from __future__ import annotations

from dataclasses import dataclass

from apps.thinkific.resources.webhooks import TOPICS_BY_NAME

# Display order and labels. Thinkific topics missing here still show, last.
LABELS = {
    "order.created": "Order created",
    "enrollment.created": "Enrollment created",
    "enrollment.completed": "Enrollment completed",
    "enrollment.progress": "Enrollment progress",
    "enrollment.trial": "Enrollment trial",
    "user.signup": "New user",
    "user.signin": "User signed in",
    "user.updated": "User updated",
    "lead.created": "Lead created",
    "order_transaction.succeeded": "Transaction succeeded",
    "order_transaction.failed": "Transaction failed",
    "order_transaction.refunded": "Transaction refunded",
    "subscription.cancelled": "Subscription cancelled",
    "subscription.past_due": "Subscription past due",
    "subscription.unpaid": "Subscription unpaid",
    "course.created": "Course created",
    "course.updated": "Course updated",
    "course.deleted": "Course deleted",
    "lesson.completed": "Lesson completed",
    "quiz.attempted": "Quiz attempted",
    "product.created": "Product created",
    "product.updated": "Product updated",
    "product.deleted": "Product deleted",
    "plan.updated": "Plan updated",
    "app.uninstalled": "App uninstalled",
}
STARTER_NAMES = tuple(list(LABELS)[:6])
# The "Model" Thinkific's admin asks for when a webhook is added by hand.
MODELS = {"order_transaction": "Transactions", "subscription": "Subscriptions"}
# Spellings seen in deliveries for a documented topic (a published sample says "canceled").
ALIASES = {"subscription.canceled": "subscription.cancelled"}


@dataclass(frozen=True)
class Topic:
    name: str  # resource.action, as Thinkific spells it
    label: str
    help: str
    payments_only: bool = False  # fires only for schools taking Thinkific Payments
    starter: bool = False

    @property
    def resource(self) -> str:
        return self.name.partition(".")[0]

    @property
    def model(self) -> str:
        return MODELS.get(self.resource, self.resource.replace("_", " ").capitalize())

    @property
    def action(self) -> str:
        return self.name.partition(".")[2].replace("_", " ")

    @property
    def watch_name(self) -> str:
        """The quick-start watch's name: "Watch Order Created"."""
        return f"Watch {self.label.title()}"


def _catalogue() -> tuple[Topic, ...]:
    names = [name for name in LABELS if name in TOPICS_BY_NAME]
    names += sorted(set(TOPICS_BY_NAME) - set(names))
    return tuple(
        Topic(
            name=name,
            label=LABELS.get(name) or name.replace("_", " ").replace(".", " ").capitalize(),
            help=TOPICS_BY_NAME[name].description,
            payments_only=TOPICS_BY_NAME[name].payments_only,
            starter=name in STARTER_NAMES,
        )
        for name in names
    )


TOPICS: tuple[Topic, ...] = _catalogue()
BY_NAME: dict[str, Topic] = {topic.name: topic for topic in TOPICS}
NAMES: tuple[str, ...] = tuple(BY_NAME)
STARTERS: tuple[Topic, ...] = tuple(topic for topic in TOPICS if topic.starter)


def canonical(name: str) -> str:
    """The documented name of a topic as a delivery spells it."""
    name = name.strip().lower()
    return ALIASES.get(name, name)


def label(name: str) -> str:
    """ "Order created" for order.created; an unknown topic is shown as it came."""
    topic = BY_NAME.get(name)
    return topic.label if topic else name


def choices() -> list[tuple[str, str]]:
    """Form choices, the Thinkific Payments topics marked."""
    return [
        (
            topic.name,
            f"{topic.label} (Thinkific Payments only)" if topic.payments_only else topic.label,
        )
        for topic in TOPICS
    ]
