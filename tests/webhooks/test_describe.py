from types import SimpleNamespace

import pytest

from apps.core.templatetags.portal import url_if
from apps.webhooks.describe import Links, describe, money, percent

ROBERT = {
    "email": "ninjas@thinkific.com",
    "first_name": "Robert",
    "id": 123456,
    "last_name": "Smith",
}
ALL = Links(users=True, orders=True, enrollments=True, courses=True)


def event(topic, payload):
    resource, _, action = topic.partition(".")
    school = SimpleNamespace(slug="baking")
    return SimpleNamespace(
        topic=topic, resource=resource, action=action, payload=payload, connection=school
    )


def sentence(topic, payload, links=ALL):
    return "".join(piece.text for piece in describe(event(topic, payload), links))


def urls(topic, payload, links=ALL):
    return {piece.text: piece.url for piece in describe(event(topic, payload), links) if piece.url}


ORDER = {
    "amount_cents": 5000,
    "amount_dollars": 50,
    "id": 19796,
    "order_number": 1010,
    "product_name": "Intro to Baking",
    "items": [{"product_id": 1, "product_name": "Intro to Baking", "amount_cents": 5000}],
    "user": ROBERT,
}
ENROLLMENT = {
    "course": {"id": 4, "name": "Intro to Baking"},
    "course_id": 4,
    "id": 97472,
    "percentage_completed": "24.0",
    "user": ROBERT,
}


def test_an_order_in_plain_words_with_links():
    assert (
        sentence("order.created", ORDER)
        == "Order #1010: $50.00 for Intro to Baking by Robert Smith"
    )
    expected = {"Robert Smith": "/s/baking/users/123456/"}
    if url_if("orders:detail", "baking", 19796):  # once the orders pages exist
        expected["Order #1010"] = url_if("orders:detail", "baking", 19796)
    assert urls("order.created", ORDER) == expected


def test_an_order_with_several_products_and_no_amount():
    payload = {
        **ORDER,
        "amount_cents": None,
        "amount_dollars": None,
        "items": [{"product_name": "A"}, {"product_name": "B"}, {"product_name": "C"}],
    }
    assert sentence("order.created", payload) == "Order #1010: A and 2 more by Robert Smith"


@pytest.mark.parametrize(
    ("topic", "words"),
    [
        ("enrollment.created", "Robert Smith enrolled in Intro to Baking"),
        ("enrollment.trial", "Robert Smith started a free trial of Intro to Baking"),
        ("enrollment.completed", "Robert Smith completed Intro to Baking"),
        ("enrollment.progress", "Robert Smith reached 24% of Intro to Baking"),
    ],
)
def test_enrollments(topic, words):
    assert sentence(topic, ENROLLMENT, Links(users=True)) == words
    assert urls(topic, ENROLLMENT, Links(users=True)) == {"Robert Smith": "/s/baking/users/123456/"}


def test_links_only_where_the_viewer_may_go():
    assert urls("enrollment.created", ENROLLMENT, Links()) == {}
    assert "Robert Smith" in urls("enrollment.created", ENROLLMENT, Links(users=True))


@pytest.mark.parametrize(
    ("topic", "payload", "words"),
    [
        ("user.signup", ROBERT, "Robert Smith signed up · ninjas@thinkific.com"),
        ("user.signin", {"first_name": "", "email": "x@y.z"}, "x@y.z signed in"),
        ("user.updated", ROBERT, "Robert Smith's profile changed · ninjas@thinkific.com"),
        (
            "lesson.completed",
            {
                "lesson": {"name": "Getting started"},
                "course": {"id": 1, "name": "Webhooks"},
                "user": ROBERT,
            },
            "Robert Smith completed the lesson Getting started in Webhooks",
        ),
        (
            "quiz.attempted",
            {
                "grade": 20,
                "correct_count": 1,
                "incorrect_count": 4,
                "quiz": {"name": "Quiz 1"},
                "user": ROBERT,
            },
            "Robert Smith attempted the quiz Quiz 1: 20% (1 of 5 right)",
        ),
        ("course.created", {"id": 3, "name": "Bread"}, "Course Bread was created"),
        ("product.deleted", {"id": 9, "name": "Bundle"}, "Product Bundle was deleted"),
        ("plan.updated", {"plan_name": "Grow"}, "The school's Thinkific plan changed to Grow"),
        ("app.uninstalled", {}, "An app was uninstalled"),
        (
            "order_transaction.refunded",
            {"amount_cents": 1999, "currency": "EUR", "order": {"id": 5, "order_number": 77}},
            "Payment of €19.99 for order #77 was refunded",
        ),
        (
            "subscription.cancelled",
            {"product_name": "Club", "user": ROBERT},
            "Robert Smith's subscription to Club was cancelled",
        ),
        ("lead.created", {"email": "lead@x.y"}, "New lead: lead@x.y"),
        ("made.up", {}, "made.up"),
    ],
)
def test_every_topic_reads_as_a_sentence(topic, payload, words):
    assert sentence(topic, payload) == words


@pytest.mark.parametrize("payload", [{}, {"user": "x", "course": 3, "items": "no"}, None, []])
def test_odd_payloads_never_fail(payload):
    for topic in ("order.created", "enrollment.progress", "user.signup", "quiz.attempted"):
        assert sentence(topic, payload)


def test_money_and_percent():
    assert money({"amount_cents": 123456}) == "$1,234.56"
    assert money({"amount_dollars": "50"}) == "$50.00"
    assert money({"amount_cents": 100, "currency": "JPY"}) == "1.00 JPY"
    assert money({}) == ""
    assert percent("24.0") == "24%"
    assert percent(0.5) == "50%"
    assert percent("33.33") == "33.3%"
    assert percent("junk") == ""
