"""The activity feed's CSV: the school's stored events its filters select, every page,
when each arrived in the viewer's time zone, what happened in words and the ids named."""

import csv
import io
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from apps.connections.models import Connection
from apps.webhooks.models import Event, Watch
from tests.conftest import grant
from tests.webhooks.factories import event

HX = {"HX-Request": "true"}
HEADER = [
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
]


@pytest.fixture
def viewer(staff):
    return grant(staff, "view_events")


def lines_of(response) -> list[list[str]]:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def test_each_event_in_words_with_its_ids_in_the_viewer_s_zone(staff_client, viewer, school):
    enrolled = event(school, "enrollment.created")
    ordered = event(
        school, "order.created", order_number=1010, amount_cents=5000, product_name="Bread 101"
    )
    noon = ordered.received_at.replace(hour=12, minute=0, second=0, microsecond=0)
    Event.objects.filter(pk=ordered.pk).update(received_at=noon)
    staff_client.post("/account/time-zone/", {"time_zone": "Asia/Kathmandu"})

    response = staff_client.get("/s/baking/activity/export.csv")

    assert response["Content-Disposition"] == 'attachment; filename="baking-activity.csv"'
    lines = lines_of(response)
    assert lines[0] == HEADER
    assert lines[1] == [  # newest first, as the feed
        noon.astimezone(ZoneInfo("Asia/Kathmandu")).isoformat(timespec="seconds"),
        "Order created",
        "order.created",
        "Order #1010: $50.00 for Bread 101 by Robert Smith",
        "order",
        "97472",
        "123456",
        "4",
        "97472",
        "",
        ordered.event_id,
    ]
    assert lines[1][0].endswith("+05:45")
    assert lines[2][1:] == [
        "Enrollment created",
        "enrollment.created",
        "Robert Smith enrolled in Intro to Baking",
        "enrollment",
        "97472",
        "123456",
        "4",
        "",
        "",
        enrolled.event_id,
    ]


def test_ids_nested_or_odd_are_read_as_the_sentence_reads_them(staff_client, viewer, school):
    event(school, "lead.created", lead={"id": 7, "user": {"id": 55, "first_name": "Ada"}})
    event(school, "order_transaction.refunded", id="tx-9", order={"id": 31, "order_number": 9})
    event(school, "product.updated", id=True, user=[1], course="4", product_id=" 12 ")

    lines = lines_of(staff_client.get("/s/baking/activity/export.csv"))

    by_topic = {line[2]: line for line in lines[1:]}
    assert by_topic["product.updated"][5:10] == ["", "", "", "", ""]  # a flag is no id
    assert by_topic["order_transaction.refunded"][3:10] == [
        "A payment for order #9 was refunded",
        "order_transaction",
        "tx-9",
        "123456",
        "4",
        "31",
        "",
    ]
    assert by_topic["lead.created"][3:10] == ["New lead: Ada", "lead", "7", "55", "4", "", ""]


def test_the_feed_s_filters_and_every_page(staff_client, viewer, school):
    # A watch's events are those received since it was created.
    watch = Watch.objects.create(connection=school, name="Sales", topics=["order.created"])
    old = event(school, "user.signup")
    Event.objects.filter(pk=old.pk).update(received_at=timezone.now() - timedelta(days=3))
    orders = [event(school, "order.created") for _ in range(60)]  # more than a page of 50
    event(school, "enrollment.completed")
    today = timezone.localdate()

    def ids(query: str) -> list[str]:
        lines = lines_of(staff_client.get(f"/s/baking/activity/export.csv?{query}"))
        return [line[-1] for line in lines[1:]]

    newest_orders = [e.event_id for e in reversed(orders)]
    assert ids("topic=order.created") == newest_orders
    assert ids(f"watch={watch.pk}&before={orders[10].pk}") == newest_orders  # every page
    assert ids(f"until={today - timedelta(days=1)}") == [old.event_id]
    assert len(ids(f"since={today}")) == 61
    assert ids(f"watch={watch.pk}&topic=user.signup") == []
    assert len(ids("topic=nonsense&since=garbage")) == 62  # ignored, as on the page


def test_only_the_school_s_events_and_only_for_its_viewers(client, staff_client, staff, school):
    stranger = Connection.objects.create(
        name="Secret", slug="secret", subdomain="secret", api_key="s" * 32
    )
    event(school, "user.signup")
    event(stranger, "order.created")

    assert staff_client.get("/s/baking/activity/export.csv").status_code == 403
    grant(staff, "view_events")
    lines = lines_of(staff_client.get("/s/baking/activity/export.csv"))
    assert [line[2] for line in lines[1:]] == ["user.signup"]
    assert staff_client.get("/s/secret/activity/export.csv").status_code == 404
    assert staff_client.post("/s/baking/activity/export.csv").status_code == 405
    client.logout()
    assert client.get("/s/baking/activity/export.csv").status_code == 302


def test_the_feed_links_its_csv_and_htmx_keeps_the_link_current(staff_client, viewer, school):
    events = [event(school) for _ in range(55)]
    csv_url = "/s/baking/activity/export.csv?topic=enrollment.created"
    link = f'<a class="button" id="csv-link" href="{csv_url}"'

    page = staff_client.get(f"/s/baking/activity/?topic=enrollment.created&before={events[9].pk}")
    fragment = staff_client.get("/s/baking/activity/?topic=enrollment.created", headers=HX)

    page = page.content.decode()
    assert page.count('id="csv-link"') == 1 and f"{link}>Download CSV</a>" in page
    assert f'{link} hx-swap-oob="true">Download CSV</a>' in fragment.content.decode()
    grant(viewer, "view_events")
    assert "export.csv" not in staff_client.get("/activity/").content.decode()  # every school's
