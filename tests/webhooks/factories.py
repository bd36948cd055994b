from itertools import count

from apps.webhooks.models import Event

_ids = count(20180126171756020665195)

ROBERT = {"email": "robert@example.com", "first_name": "Robert", "id": 123456, "last_name": "Smith"}


def event(school, topic="enrollment.created", **payload) -> Event:
    resource, _, action = topic.partition(".")
    body = {
        "course": {"id": 4, "name": "Intro to Baking"},
        "id": 97472,
        "user": ROBERT,
        **payload,
    }
    return Event.objects.create(
        connection=school,
        event_id=str(next(_ids)),
        topic=topic,
        resource=resource,
        action=action,
        payload=body,
        body="{}",
        headers={"X-Thinkific-Topic": topic, "Content-Type": "application/json"},
        remote_addr="127.0.0.1",
    )
