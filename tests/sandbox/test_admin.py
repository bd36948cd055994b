"""The sandbox in Django admin: fault settings on schools, every delivery attempt visible."""

import pytest

from apps.sandbox import models as m
from apps.sandbox.events.delivery import deliver_pending

SIGNUP = {"first_name": "Ada", "last_name": "King", "email": "ada@example.com"}


@pytest.fixture
def failed_delivery(api, school, receiver):
    m.Webhook.objects.create(
        id="1" * 23, school=school, topic="user.signup", target_url=receiver.url
    )
    receiver.statuses = [502]
    api.post("users", SIGNUP)
    deliver_pending()
    return m.Delivery.objects.get()


def test_school_page_has_the_fault_settings(admin_client, school):
    page = admin_client.get(f"/admin/sandbox/school/{school.pk}/change/")
    assert page.status_code == 200
    for field in ("rate_limit", "latency_ms", "error_rate", "forced_status"):
        assert f'name="{field}"' in page.content.decode()


def test_delivery_page_lists_each_attempt(admin_client, failed_delivery):
    page = admin_client.get(f"/admin/sandbox/delivery/{failed_delivery.pk}/change/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "502" in text and "retrying" in text.lower()
    listing = admin_client.get("/admin/sandbox/deliveryattempt/")
    assert listing.status_code == 200 and "502" in listing.content.decode()


def test_deliver_again_now(admin_client, failed_delivery, receiver):
    admin_client.post(
        "/admin/sandbox/delivery/",
        {"action": "deliver_now", "_selected_action": [failed_delivery.pk]},
    )
    failed_delivery.refresh_from_db()
    assert failed_delivery.next_attempt_at is not None
    deliver_pending()
    failed_delivery.refresh_from_db()
    assert (failed_delivery.status, failed_delivery.attempts) == ("succeeded", 2)


@pytest.mark.parametrize(
    "path", ["user", "enrollment", "order", "course", "product", "event", "webhook"]
)
def test_record_lists_render(admin_client, school, path):
    assert admin_client.get(f"/admin/sandbox/{path}/").status_code == 200
