"""Events in plain words: "Jane Doe enrolled in Intro to Baking", with links to the records.

Payloads are read defensively: Thinkific's samples differ between topics and years, and
a missing field only makes the sentence vaguer, never an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import tzinfo

from apps.core import display
from apps.core.links import link
from apps.thinkific.records import to_decimal
from apps.webhooks import topics


@dataclass(frozen=True)
class Piece:
    text: str
    url: str = ""
    muted: bool = False


@dataclass(frozen=True)
class Links:
    """Which record pages the viewer may open; the others are named without a link."""

    users: bool = False
    orders: bool = False
    enrollments: bool = False
    courses: bool = False

    @classmethod
    def for_user(cls, user) -> Links:
        return cls(
            users=user.has_perm("core.view_users"),
            orders=user.has_perm("core.view_orders"),
            enrollments=user.has_perm("core.view_enrollments"),
            courses=user.has_perm("core.view_courses"),
        )


NO_LINKS = Links()


@dataclass(frozen=True)
class Row:
    event: object
    pieces: tuple[Piece, ...]


def rows(events, links: Links) -> list[Row]:
    return [Row(event, tuple(describe(event, links))) for event in events]


def describe(event, links: Links) -> list[Piece]:
    """The event as a sentence of pieces, some of them links."""
    payload = event.payload if isinstance(event.payload, dict) else {}
    writer = WRITERS.get(event.topic) or WRITERS.get(event.resource) or _generic
    return writer(_Context(event, payload, links))


@dataclass(frozen=True)
class _Context:
    event: object
    payload: dict
    links: Links

    def link(self, kind: str, record_id: object, text: str, *, muted: bool = False) -> Piece:
        allowed = getattr(self.links, kind)
        if allowed and record_id not in (None, ""):
            return Piece(text, link(f"{kind}:detail", self.event.connection.slug, record_id), muted)
        return Piece(text, "", muted)

    def user(self, user: object = None) -> Piece:
        user = _dict(self.payload.get("user") if user is None else user)
        return self.link("users", user.get("id"), person(user))

    def course(self, course: object = None) -> Piece:
        course = _dict(self.payload.get("course") if course is None else course)
        course_id = course.get("id") or self.payload.get("course_id")
        name = _text(course.get("name")) or _text(self.payload.get("course_name")) or "a course"
        return self.link("courses", course_id, name)


def person(user: dict) -> str:
    name = " ".join(
        part for part in (_text(user.get("first_name")), _text(user.get("last_name"))) if part
    )
    return name or _text(user.get("full_name")) or _text(user.get("email")) or "Someone"


def money(payload: dict) -> str:
    """ "$50.00" from amount_cents (or amount_dollars), in the payload's currency."""
    cents = to_decimal(payload.get("amount_cents"))
    if cents is None and (dollars := to_decimal(payload.get("amount_dollars"))) is not None:
        cents = dollars * 100
    return display.money(cents, _text(payload.get("currency")) or "USD")


def percent(value: object) -> str:
    """Webhooks send progress as "24.0" (of 100), the Admin API as 0.24: both read "24%"."""
    number = to_decimal(value)
    if number is None:
        return ""
    return display.percent(number, 1 if 0 < number < 1 else 100)


CSV_HEADER = (
    "received_at",
    "event",
    "topic",
    "what_happened",
    "record",
    "record_id",
    "user_id",
    "course_id",
    "order_id",
    "product_id",
    "event_id",
)


def csv_lines(events: Iterable, *, zone: tzinfo) -> Iterator[list]:
    """The feed's events as CSV lines, the header first: when each arrived (in `zone`,
    the staff member's), what it is and what happened, in words without links, and the
    ids it names."""
    yield list(CSV_HEADER)
    for event in events:
        ids = record_ids(event)
        yield [
            display.iso(event.received_at, zone),
            event.topic_label,
            event.topic,
            "".join(piece.text for piece in describe(event, NO_LINKS)),
            event.resource,
            ids["record_id"],
            ids["user_id"],
            ids["course_id"],
            ids["order_id"],
            ids["product_id"],
            event.event_id,
        ]


def record_ids(event) -> dict[str, object]:
    """The ids an event names, for its CSV: its own record's (`lead`, `lesson` and `quiz`
    events nest it under their resource), and the user, course, order and product it is
    about; "" where the payload does not say."""
    payload = event.payload if isinstance(event.payload, dict) else {}
    own = _dict(payload.get(event.resource)) or payload
    record_id = _id(own.get("id"))

    def about(kind: str, *candidates: object) -> object:
        """The event's own record's id when it is a `kind`, else the first candidate."""
        if event.resource == kind:
            return record_id
        return next((found for found in map(_id, candidates) if found != ""), "")

    items = [_dict(item) for item in _list(payload.get("items"))] or [{}]
    return {
        "record_id": record_id,
        "user_id": about(
            "user",
            _dict(own.get("user")).get("id"),
            _dict(payload.get("user")).get("id"),
            payload.get("user_id"),
        ),
        "course_id": about(
            "course", _dict(payload.get("course")).get("id"), payload.get("course_id")
        ),
        "order_id": about("order", _dict(payload.get("order")).get("id"), payload.get("order_id")),
        "product_id": about(
            "product",
            payload.get("product_id"),
            _dict(payload.get("product")).get("id"),
            items[0].get("product_id"),
        ),
    }


# -- one writer per topic ---------------------------------------------------------------


def _order_created(c: _Context) -> list[Piece]:
    p = c.payload
    number = p.get("order_number") or p.get("id")
    pieces = [c.link("orders", p.get("id"), f"Order #{number}" if number else "An order")]
    amount = money(p)
    products = [_text(_dict(item).get("product_name")) for item in _list(p.get("items"))]
    products = [name for name in products if name] or [_text(p.get("product_name"))]
    products = [name for name in products if name]
    head = ": " + amount if amount else ""
    if products:
        head += f" for {products[0]}" if amount else f": {products[0]}"
        if len(products) > 1:
            head += f" and {len(products) - 1} more"
    pieces.append(Piece(head))
    if p.get("user"):
        pieces += [Piece(" by "), c.user()]
    return pieces


def _enrollment(verb: str) -> Callable[[_Context], list[Piece]]:
    def write(c: _Context) -> list[Piece]:
        text = verb
        if c.event.topic == "enrollment.progress":
            progress = percent(c.payload.get("percentage_completed"))
            text = f" reached {progress} of " if progress else " made progress in "
        pieces = [c.user(), Piece(text), c.course()]
        enrollment = c.link("enrollments", c.payload.get("id"), "enrollment", muted=True)
        if enrollment.url:
            pieces += [Piece(" · ", muted=True), enrollment]
        return pieces

    return write


def _user(verb: str) -> Callable[[_Context], list[Piece]]:
    def write(c: _Context) -> list[Piece]:
        pieces = [c.user(c.payload), Piece(verb)]
        email = _text(c.payload.get("email"))
        if email and email != pieces[0].text:
            pieces.append(Piece(f" · {email}", muted=True))
        return pieces

    return write


def _lead(c: _Context) -> list[Piece]:
    lead = _dict(c.payload.get("lead")) or c.payload
    return [Piece("New lead: "), c.user(_dict(lead.get("user")) or lead)]


def _transaction(verb: str) -> Callable[[_Context], list[Piece]]:
    def write(c: _Context) -> list[Piece]:
        order = _dict(c.payload.get("order"))
        amount = money(c.payload) or money(order)
        number = order.get("order_number") or c.payload.get("order_number")
        order_id = order.get("id") or c.payload.get("order_id")
        pieces = [Piece(f"Payment of {amount}" if amount else "A payment")]
        if number or order_id:
            pieces += [Piece(" for "), c.link("orders", order_id, f"order #{number or order_id}")]
        pieces.append(Piece(verb))
        return pieces

    return write


def _subscription(state: str) -> Callable[[_Context], list[Piece]]:
    def write(c: _Context) -> list[Piece]:
        product = _text(c.payload.get("product_name")) or _text(
            _dict(c.payload.get("product")).get("name")
        )
        pieces = [c.user(), Piece("'s subscription")]
        if product:
            pieces.append(Piece(f" to {product}"))
        pieces.append(Piece(f" {state}"))
        return pieces

    return write


def _named(kind: str, verb: str, link: bool) -> Callable[[_Context], list[Piece]]:
    def write(c: _Context) -> list[Piece]:
        record = _dict(c.payload.get(kind)) or c.payload
        name = _text(record.get("name")) or _text(record.get("title")) or f"#{record.get('id')}"
        if kind == "course" and link:
            target = c.link("courses", record.get("id"), name)
        else:
            target = Piece(name)
        return [Piece(f"{kind.capitalize()} "), target, Piece(f" {verb}")]

    return write


def _lesson(c: _Context) -> list[Piece]:
    lesson = _text(_dict(c.payload.get("lesson")).get("name")) or "a lesson"
    return [c.user(), Piece(f" completed the lesson {lesson} in "), c.course()]


def _quiz(c: _Context) -> list[Piece]:
    p = c.payload
    quiz = _text(_dict(p.get("quiz")).get("name")) or "a quiz"
    pieces = [c.user(), Piece(f" attempted the quiz {quiz}")]
    grade = percent(p.get("grade")) if p.get("grade") is not None else ""
    right, wrong = to_decimal(p.get("correct_count")), to_decimal(p.get("incorrect_count"))
    if grade:
        detail = f": {grade}"
        if right is not None and wrong is not None:
            detail += f" ({int(right)} of {int(right + wrong)} right)"
        pieces.append(Piece(detail))
    return pieces


def _plan(c: _Context) -> list[Piece]:
    plan = _text(c.payload.get("plan_name")) or _text(_dict(c.payload.get("plan")).get("name"))
    return [Piece(f"The school's Thinkific plan changed{f' to {plan}' if plan else ''}")]


def _app(c: _Context) -> list[Piece]:
    app = _text(c.payload.get("name")) or _text(_dict(c.payload.get("app")).get("name"))
    return [Piece(f"The app {app} was uninstalled" if app else "An app was uninstalled")]


def _generic(c: _Context) -> list[Piece]:
    return [Piece(topics.label(c.event.topic))]


WRITERS: dict[str, Callable[[_Context], list[Piece]]] = {
    "order.created": _order_created,
    "enrollment.created": _enrollment(" enrolled in "),
    "enrollment.trial": _enrollment(" started a free trial of "),
    "enrollment.completed": _enrollment(" completed "),
    "enrollment.progress": _enrollment(" made progress in "),
    "user.signup": _user(" signed up"),
    "user.signin": _user(" signed in"),
    "user.updated": _user("'s profile changed"),
    "lead.created": _lead,
    "order_transaction.succeeded": _transaction(" went through"),
    "order_transaction.failed": _transaction(" failed"),
    "order_transaction.refunded": _transaction(" was refunded"),
    "subscription.cancelled": _subscription("was cancelled"),
    "subscription.past_due": _subscription("is past due"),
    "subscription.unpaid": _subscription("is unpaid"),
    "course.created": _named("course", "was created", link=True),
    "course.updated": _named("course", "was changed", link=True),
    "course.deleted": _named("course", "was deleted", link=False),
    "lesson.completed": _lesson,
    "quiz.attempted": _quiz,
    "product.created": _named("product", "was created", link=False),
    "product.updated": _named("product", "was changed", link=False),
    "product.deleted": _named("product", "was deleted", link=False),
    "plan.updated": _plan,
    "app.uninstalled": _app,
}


def _dict(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _id(value: object) -> object:
    """A record's id as a payload gives it (a number, or text): "" for anything else."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        return ""
    return value.strip() if isinstance(value, str) else value
