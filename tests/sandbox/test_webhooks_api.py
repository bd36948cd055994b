"""The Webhooks API v2: /webhooks with cursor pages, /webhooks/<id>, /events/<id>."""

import re

import pytest

from apps.sandbox import models as m
from apps.sandbox.services.webhooks import target_url_allowed
from tests.sandbox import factories

HOOK = {"topic": "order.created", "target_url": "https://hooks.example-app.io/thinkific"}


def test_create(v2, school):
    owner = factories.user(school, roles="site_admin")
    response = v2.post("webhooks", HOOK)
    assert response.status_code == 201
    data = response.json()
    assert re.fullmatch(r"\d{23}", data["id"])
    assert data == {
        "id": data["id"],
        "status": "active",
        "topic": "order.created",
        "created_at": data["created_at"],
        "created_by": str(owner.pk),
        "updated_at": data["updated_at"],
        "updated_by": str(owner.pk),
        "target_url": HOOK["target_url"],
    }
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z", data["created_at"])
    assert m.Webhook.objects.get().signing == "api_key"


def test_read_update_delete(v2):
    pk = v2.post("webhooks", HOOK).json()["id"]
    assert v2.get(f"webhooks/{pk}").json()["topic"] == "order.created"
    response = v2.put(f"webhooks/{pk}", {"topic": "user.signup"})
    assert response.status_code == 200  # not 204
    assert response.json()["topic"] == "user.signup"
    assert response.json()["target_url"] == HOOK["target_url"]
    assert v2.delete(f"webhooks/{pk}").status_code == 204
    response = v2.get(f"webhooks/{pk}")
    assert (response.status_code, response.json()) == (404, {"error": "Record not found."})


def test_unknown_topic_and_bad_url(v2):
    response = v2.post("webhooks", {**HOOK, "topic": "order.completed"})
    assert (response.status_code, response.json()) == (422, {"errors": {"topic": "invalid format"}})
    response = v2.post("webhooks", {**HOOK, "target_url": "ftp://files.example-app.io"})
    assert response.json() == {"errors": {"url": "is not valid"}}
    assert v2.post("webhooks", {}).json() == {
        "errors": {"topic": "invalid format", "url": "is not valid"}
    }


def test_update_answers_422_with_lists(v2):
    pk = v2.post("webhooks", HOOK).json()["id"]
    response = v2.put(f"webhooks/{pk}", {"topic": "nope"})
    assert (response.status_code, response.json()) == (
        422,
        {"errors": {"topic": ["invalid format"]}},
    )


def test_cursor_pages(v2):
    ids = [v2.post("webhooks", HOOK).json()["id"] for _ in range(5)]
    first = v2.get("webhooks", {"limit": 2}).json()
    assert [item["id"] for item in first["items"]] == ids[:2]
    assert first["meta"]["page"] == {
        "has_next": True,
        "next_page": ids[2],
        "page_items": 2,
        "total_items": 5,
    }
    second = v2.get("webhooks", {"limit": 2, "next": ids[2]}).json()
    assert [item["id"] for item in second["items"]] == ids[2:4]
    last = v2.get("webhooks", {"limit": 2, "next": second["meta"]["page"]["next_page"]}).json()
    assert [item["id"] for item in last["items"]] == ids[4:]
    assert last["meta"]["page"] == {
        "has_next": False,
        "next_page": "",
        "page_items": 1,
        "total_items": 5,
    }
    assert len(v2.get("webhooks").json()["items"]) == 5  # default limit 25


def test_webhooks_belong_to_one_school(v2, client):
    pk = v2.post("webhooks", HOOK).json()["id"]
    other = factories.school()
    from tests.sandbox.conftest import V2, Api

    stranger = Api(client, V2, {"Authorization": f"Bearer {other.api_key}"})
    assert stranger.get(f"webhooks/{pk}").status_code == 404
    assert stranger.get("webhooks").json()["items"] == []


class TestTargetUrls:
    @pytest.mark.parametrize(
        "url",
        [
            "https://hooks.example-app.io/x",
            "https://203.0.113.5.nip.io/hook",
            "https://8.8.8.8/hook",
            "https://portal.acme.co.uk:8443/webhooks/in/1/",
        ],
    )
    def test_public_https_is_allowed(self, settings, url):
        settings.SANDBOX_ALLOW_LOCAL_WEBHOOKS = False
        assert target_url_allowed(url)

    @pytest.mark.parametrize(
        "url",
        [
            "http://hooks.example-app.io/x",
            "https://localhost/x",
            "https://127.0.0.1/x",
            "https://10.1.2.3/x",
            "https://192.168.0.10/x",
            "https://[::1]/x",
            "https://printer/x",
            "https://example.com/x",
            "https://api.example.org/x",
            "https://my.thinkific.com/x",
            "https://box.local/x",
            "https://user:pw@hooks.example-app.io/x",
            "https://hooks.example-app.io:99999/x",
            "not a url",
        ],
    )
    def test_private_or_plain_http_is_refused(self, settings, url):
        settings.SANDBOX_ALLOW_LOCAL_WEBHOOKS = False
        assert not target_url_allowed(url)

    def test_local_targets_when_allowed(self, settings, v2):
        settings.SANDBOX_ALLOW_LOCAL_WEBHOOKS = True
        body = {**HOOK, "target_url": "http://127.0.0.1:8000/webhooks/in/x/"}
        assert v2.post("webhooks", body).status_code == 201
        settings.SANDBOX_ALLOW_LOCAL_WEBHOOKS = False
        assert v2.post("webhooks", body).json() == {"errors": {"url": "is not valid"}}


def test_events_are_stored_and_readable(v2, api, school):
    api.post("users", {"first_name": "Ada", "last_name": "King", "email": "ada@example.com"})
    event = m.Event.objects.get(school=school)
    data = v2.get(f"events/{event.pk}").json()
    assert list(data) == ["id", "resource", "action", "tenant_id", "created_at", "payload"]
    assert (data["id"], data["resource"], data["action"]) == (event.pk, "user", "signup")
    assert data["tenant_id"] == str(school.pk)
    assert data["payload"]["email"] == "ada@example.com"
    assert v2.get("events/12345678901234567890123").status_code == 404
