from dataclasses import dataclass

import pytest

from apps.webhooks.registration import compare, receiver_url_problems

URL = "https://portal.example.org/webhooks/in/0b7c/"


@dataclass(frozen=True)
class Hook:
    id: str
    topic: str
    target_url: str = URL
    status: str = "active"


def steps(expected, remote, known=()):
    result = compare(expected=expected, remote=remote, receiver_url=URL, known_ids=known)
    return [(s.kind, s.topic, s.webhook_id) for s in result.steps]


def test_nothing_on_thinkific_yet():
    assert steps(["user.signup", "order.created"], []) == [
        ("create", "order.created", ""),
        ("create", "user.signup", ""),
    ]


def test_in_sync():
    result = compare(
        expected=["order.created"],
        remote=[Hook("1", "order.created"), Hook("9", "order.created", "https://zapier.com/x")],
        receiver_url=URL,
    )
    assert result.in_sync
    assert result.others == 1


def test_other_integrations_are_never_touched():
    elsewhere = [
        Hook("9", "order.created", "https://hooks.zapier.com/1"),
        Hook("8", "user.signup", "https://x.io/"),
    ]
    assert steps([], elsewhere) == []
    assert steps(["order.created"], elsewhere) == [("create", "order.created", "")]


def test_a_webhook_at_an_old_base_url_is_pointed_back_here():
    old = Hook("1", "order.created", "http://old-host:8000/webhooks/in/0b7c/")
    assert steps(["order.created"], [old]) == [("update", "order.created", "1")]


def test_a_known_id_is_ours_wherever_it_points():
    moved = Hook("1", "order.created", "https://somewhere.else/")
    assert steps(["order.created"], [moved], known=["1"]) == [("update", "order.created", "1")]
    assert steps(["order.created"], [moved]) == [("create", "order.created", "")]


def test_duplicates_are_removed_keeping_the_right_one():
    remote = [
        Hook("1", "order.created", "http://old/webhooks/in/0b7c/"),
        Hook("2", "order.created"),
        Hook("3", "order.created"),
    ]
    assert sorted(steps(["order.created"], remote)) == [
        ("delete", "order.created", "1"),
        ("delete", "order.created", "3"),
    ]


def test_a_topic_no_watch_wants_is_moved_to_a_missing_one_then_removed():
    remote = [Hook("1", "user.signin"), Hook("2", "user.updated")]
    assert steps(["order.created"], remote) == [
        ("update", "order.created", "1"),
        ("delete", "user.updated", "2"),
    ]


def test_an_inactive_webhook_is_replaced():
    remote = [Hook("1", "order.created", status="disabled")]
    assert steps(["order.created"], remote) == [
        ("delete", "order.created", "1"),
        ("create", "order.created", ""),
    ]


def test_rows_describe_the_drift():
    result = compare(
        expected=["order.created", "user.signup"],
        remote=[Hook("1", "order.created"), Hook("2", "lead.created")],
        receiver_url=URL,
    )
    rows = {row.topic: row for row in result.rows()}
    assert not rows["order.created"].steps and rows["order.created"].webhook_ids == ("1",)
    assert [s.kind for s in rows["user.signup"].steps] == ["update"]
    assert "reuses the webhook of lead.created" in rows["user.signup"].steps[0].reason
    assert not rows["lead.created"].expected


@pytest.mark.parametrize(
    ("url", "problems"),
    [
        ("https://portal.school.com/webhooks/in/x/", 0),
        ("http://portal.school.com/webhooks/in/x/", 1),
        ("https://127.0.0.1:8000/x/", 1),
        ("http://localhost:8000/x/", 2),
        ("https://10.1.2.3/x/", 1),
        ("https://portal.local/x/", 1),
        ("https://intranet/x/", 1),
        ("https://example.com/x/", 1),
        ("https://myschool.thinkific.com/x/", 1),
        ("https://[::1]/x/", 1),
        ("https://8.8.8.8/x/", 0),
    ],
)
def test_urls_thinkific_will_not_deliver_to(url, problems):
    assert len(receiver_url_problems(url)) == problems
