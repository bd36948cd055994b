from datetime import UTC, datetime

import pytest

from apps.thinkific import errors
from apps.thinkific.resources.webhooks import TOPICS, TOPICS_BY_NAME, Event, Webhook

WEBHOOK = {
    "id": "20200227213233625839530",
    "status": "active",
    "topic": "order.created",
    "created_at": "2020-02-27T21:32:33.62583953-05:00",
    "created_by": 156118,
    "updated_at": "2020-02-27T21:32:33.62583953-05:00",
    "updated_by": "156118",
    "target_url": "https://portal.example.com/webhooks/in/abc/",
}


def cursor_page(items, cursor):
    return {
        "items": items,
        "meta": {
            "page": {
                "has_next": bool(cursor),
                "next_page": cursor or "",
                "page_items": len(items),
                "total_items": 3,
            }
        },
    }


def test_list_is_one_cursor_page_of_the_webhooks_api(api, client):
    api.expect("GET", "/webhooks", v2=True, query={"limit": 2}, json=cursor_page([WEBHOOK], "c1"))
    api.expect(
        "GET", "/webhooks", v2=True, query={"limit": 2, "next": "c1"}, json=cursor_page([], None)
    )

    first = client.webhooks.list(limit=2)
    second = client.webhooks.list(limit=2, cursor=first.next_cursor)

    assert first.next_cursor == "c1"
    assert first.total_items == 3
    hook = first.items[0]
    assert (hook.created_by, hook.updated_by) == ("156118", "156118")
    assert hook.created_at == datetime(2020, 2, 28, 2, 32, 33, 625839, tzinfo=UTC)
    assert second.next_cursor is None


def test_all_follows_every_cursor(api, client):
    api.expect("GET", "/webhooks", v2=True, query={"limit": 250}, json=cursor_page([WEBHOOK], "c1"))
    api.expect(
        "GET",
        "/webhooks",
        v2=True,
        query={"limit": 250, "next": "c1"},
        json=cursor_page([{**WEBHOOK, "id": "2"}], None),
    )

    assert [hook.id for hook in client.webhooks.all()] == ["20200227213233625839530", "2"]


def test_get(api, client):
    api.expect("GET", "/webhooks/20200227213233625839530", v2=True, json=WEBHOOK)

    assert client.webhooks.get("20200227213233625839530") == Webhook.from_api(WEBHOOK)


def test_get_of_a_missing_webhook_is_not_found(api, client):
    api.expect("GET", "/webhooks/1", v2=True, status=404, json={"error": "Record not found."})

    with pytest.raises(errors.NotFoundError):
        client.webhooks.get("1")


def test_create(api, client):
    body = {"topic": "order.created", "target_url": WEBHOOK["target_url"]}
    api.expect("POST", "/webhooks", v2=True, sent=body, status=201, json=WEBHOOK)

    assert client.webhooks.create(**body).status == "active"


def test_create_maps_the_string_valued_422(api, client):
    body = {"topic": "order.completed", "target_url": "http://localhost/"}
    api.expect(
        "POST",
        "/webhooks",
        v2=True,
        sent=body,
        status=422,
        json={"errors": {"topic": "invalid format"}},
    )

    with pytest.raises(errors.ValidationError) as caught:
        client.webhooks.create(**body)
    assert caught.value.field_errors == {"topic": ["invalid format"]}


def test_update_answers_with_the_webhook(api, client):
    body = {"topic": "user.signup", "target_url": WEBHOOK["target_url"]}
    api.expect("PUT", "/webhooks/7", v2=True, sent=body, json={**WEBHOOK, "id": "7", **body})

    hook = client.webhooks.update("7", **body)

    assert (hook.id, hook.topic) == ("7", "user.signup")


def test_delete(api, client):
    api.expect("DELETE", "/webhooks/7", v2=True, status=204)

    assert client.webhooks.delete("7") is None


def test_events_get(api, client):
    api.expect(
        "GET",
        "/events/20180126172320940835610",
        v2=True,
        json={
            "id": "20180126172320940835610",
            "resource": "order",
            "action": "created",
            "created_at": "2018-01-26T22:23:20.808Z",
            "payload": {"id": 19796, "amount_cents": 5000},
        },
    )

    event = client.events.get("20180126172320940835610")

    assert isinstance(event, Event)
    assert event.topic == "order.created"
    assert event.payload == {"id": 19796, "amount_cents": 5000}


def test_topics_are_every_thinkific_topic_once():
    names = [topic.name for topic in TOPICS]

    assert len(names) == len(set(names)) == 25
    assert {"lead.created", "order.created", "user.updated", "plan.updated"} <= set(names)
    assert {"user.deleted", "course.completed", "order.completed"}.isdisjoint(names)
    assert TOPICS_BY_NAME["enrollment.progress"].resource == "enrollment"


def test_only_transactions_and_subscriptions_need_thinkific_payments():
    payments = {topic.name for topic in TOPICS if topic.payments_only}

    assert payments == {
        "order_transaction.succeeded",
        "order_transaction.failed",
        "order_transaction.refunded",
        "subscription.cancelled",
        "subscription.past_due",
        "subscription.unpaid",
    }
