from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from apps.connections.models import Connection
from apps.webhooks import live
from apps.webhooks.models import Event, Watch
from tests.conftest import grant
from tests.webhooks.factories import ROBERT, event

HX = {"HX-Request": "true"}


@pytest.fixture
def viewer(staff):
    return grant(staff, "view_events", "view_users")


@pytest.fixture
def other(db, viewer):
    school = Connection.objects.create(
        name="Pottery", slug="pottery", subdomain="pottery", api_key="p" * 32
    )
    school.members.add(viewer)
    return school


@pytest.fixture
def stranger(db):
    return Connection.objects.create(
        name="Secret", slug="secret", subdomain="secret", api_key="s" * 32
    )


def test_the_feed_newest_first_in_plain_words(staff_client, viewer, school):
    event(school, "enrollment.created")
    event(school, "order.created", order_number=1010, amount_cents=5000, product_name="Bread 101")

    response = staff_client.get("/s/baking/activity/")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Order #1010: $50.00 for Bread 101") < html.index(
        "enrolled in Intro to Baking"
    )
    assert '<a href="/s/baking/users/123456/">Robert Smith</a>' in html
    assert 'data-feed-stream="/s/baking/activity/stream/?after=' in html
    assert "<html" in html


def test_a_fragment_for_htmx(staff_client, viewer, school):
    event(school)
    response = staff_client.get("/s/baking/activity/?topic=enrollment.created", headers=HX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="feed-results"')
    assert "<html" not in html
    assert "topic=enrollment.created" in html  # the stream keeps the filters


def test_filters_by_topic_date_and_watch(staff_client, viewer, school):
    watch = Watch.objects.create(connection=school, name="Sales", topics=["order.created"])
    Watch.objects.filter(pk=watch.pk).update(created_at=timezone.now() - timedelta(days=5))
    old = event(school, "user.signup")
    Event.objects.filter(pk=old.pk).update(received_at=timezone.now() - timedelta(days=3))
    event(school, "enrollment.completed")
    event(school, "order.created")
    today = timezone.localdate()

    def topics_shown(query):
        response = staff_client.get(f"/s/baking/activity/?{query}", headers=HX)
        return sorted(row.event.topic for row in response.context_data["rows"])

    assert topics_shown("topic=enrollment.completed") == ["enrollment.completed"]
    assert topics_shown(f"since={today}") == ["enrollment.completed", "order.created"]
    assert topics_shown(f"until={today - timedelta(days=1)}") == ["user.signup"]
    assert topics_shown(f"watch={watch.pk}") == ["order.created"]
    assert topics_shown(f"watch={watch.pk}&topic=user.signup") == []
    assert topics_shown("topic=nonsense&since=garbage") == [
        "enrollment.completed",
        "order.created",
        "user.signup",
    ]


def test_a_watch_s_events_are_those_since_it_was_created(staff_client, viewer, school):
    before = event(school, "order.created", order_number=1001)
    Event.objects.filter(pk=before.pk).update(received_at=timezone.now() - timedelta(hours=2))
    watch = Watch.objects.create(connection=school, name="Sales", topics=["order.created"])
    Watch.objects.filter(pk=watch.pk).update(created_at=timezone.now() - timedelta(hours=1))
    after = event(school, "order.created", order_number=1002)

    response = staff_client.get(f"/s/baking/activity/?watch={watch.pk}", headers=HX)

    assert [row.event.pk for row in response.context_data["rows"]] == [after.pk]
    html = response.content.decode()
    assert "The events of the watch “Sales” since it was created, <time" in html
    # The live rows too: the stream shows a watch's events by the same rule.
    feed = response.context_data["form"].feed(user=viewer)
    before.refresh_from_db()
    assert feed.matches(after) and not feed.matches(before)
    # The same topic without the watch still shows both.
    response = staff_client.get("/s/baking/activity/?topic=order.created", headers=HX)
    assert len(response.context_data["rows"]) == 2
    assert "since it was created" not in response.content.decode()


def test_a_past_date_range_is_not_live(staff_client, viewer, school):
    yesterday = timezone.localdate() - timedelta(days=1)
    response = staff_client.get(f"/s/baking/activity/?until={yesterday}")
    assert "data-feed-stream" not in response.content.decode()
    assert staff_client.get(f"/s/baking/activity/stream/?until={yesterday}").status_code == 204


def test_an_inverted_range_says_why_nothing_matches(staff_client, viewer, school):
    event(school)  # today: "To" is left out, and nothing is on or after a day in the future
    later = timezone.localdate() + timedelta(days=5)
    query = f"since={later}&until={later - timedelta(days=2)}"
    html = staff_client.get(f"/s/baking/activity/?{query}", headers=HX).content.decode()
    assert "No events match these filters: see above." in html
    assert "The date range ends before it starts: “To” (" in html
    assert "No events yet" not in html


def test_an_unfiltered_empty_feed_says_none_yet(staff_client, viewer, school):
    html = staff_client.get("/s/baking/activity/").content.decode()
    assert "No events yet." in html
    assert "No events match" not in html


def test_times_in_the_viewers_time_zone(staff_client, viewer, school):
    arrived = event(school)
    noon = arrived.received_at.replace(hour=12, minute=0, second=0)
    Event.objects.filter(pk=arrived.pk).update(received_at=noon)
    staff_client.post("/account/time-zone/", {"time_zone": "America/Toronto"})
    html = staff_client.get("/s/baking/activity/").content.decode()
    assert noon.astimezone(ZoneInfo("America/Toronto")).strftime("%b %-d, %Y, %H:%M") in html


def test_older_pages_by_id(staff_client, viewer, school):
    events = [event(school) for _ in range(55)]
    first = staff_client.get("/s/baking/activity/")
    assert len(first.context_data["rows"]) == 50
    assert f"before={events[5].pk}" in first.context_data["older_query"]
    second = staff_client.get(f"/s/baking/activity/?before={events[5].pk}")
    assert [row.event.pk for row in second.context_data["rows"]] == [e.pk for e in events[4::-1]]
    assert "data-feed-stream" not in second.content.decode()
    assert "Back to the newest" in second.content.decode()


def test_every_school_of_the_user_and_no_other(staff_client, viewer, school, other, stranger):
    event(school, "user.signup")
    event(other, "order.created")
    event(stranger, "lead.created")

    response = staff_client.get("/activity/")

    topics = {row.event.topic for row in response.context_data["rows"]}
    assert topics == {"user.signup", "order.created"}
    assert "Pottery" in response.content.decode()
    only = staff_client.get("/activity/?school=pottery", headers=HX)
    assert {row.event.topic for row in only.context_data["rows"]} == {"order.created"}
    hidden = staff_client.get("/activity/?school=secret", headers=HX)
    assert {row.event.topic for row in hidden.context_data["rows"]} == {
        "user.signup",
        "order.created",
    }


def test_permissions(client, staff_client, staff, school, stranger):
    assert staff_client.get("/s/baking/activity/").status_code == 403
    assert staff_client.get("/activity/").status_code == 403
    assert staff_client.get("/s/baking/activity/stream/").status_code == 403
    grant(staff, "view_events")
    assert staff_client.get("/s/secret/activity/").status_code == 404
    assert staff_client.get("/s/secret/activity/stream/").status_code == 404
    client.logout()
    assert client.get("/activity/").status_code == 302


def test_event_detail_shows_payload_and_headers(staff_client, viewer, school, stranger):
    shown = event(school, "enrollment.completed")
    hidden = event(stranger)

    response = staff_client.get(f"/s/baking/activity/{shown.pk}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="/s/baking/users/123456/">Robert Smith</a> completed Intro to Baking' in html
    assert "&quot;course&quot;: {" in html  # the payload, pretty-printed
    assert "X-Thinkific-Topic" in html and "enrollment.completed" in html
    assert staff_client.get(f"/s/baking/activity/{hidden.pk}/").status_code == 404
    assert staff_client.get(f"/s/secret/activity/{hidden.pk}/").status_code == 404


def read_stream(response, *, messages=1):
    chunks = []
    for chunk in response.streaming_content:
        chunks.append(chunk.decode())
        if sum(c.startswith("id: ") for c in chunks) >= messages:
            break
    return "".join(chunks)


def test_the_stream_sends_new_events_as_rows(staff_client, viewer, school, other, monkeypatch):
    monkeypatch.setattr(live, "WSGI_HOLD", 1.0)
    before = event(school)
    event(other, "order.created")  # not this school's
    fresh = event(school, "user.signup", **ROBERT)

    response = staff_client.get(f"/s/baking/activity/stream/?after={before.pk}")

    assert response["Content-Type"] == "text/event-stream"
    assert response["Cache-Control"] == "no-cache"
    text = read_stream(response)
    assert text.startswith("retry: 1000\n\n")
    assert f"id: {fresh.pk}\nevent: events\n" in text
    assert f'data: <tr id="event-{fresh.pk}" data-id="{fresh.pk}" class="fresh">' in text
    assert "Robert Smith" in text and "signed up" in text
    assert "Order #" not in text


def test_the_stream_resumes_from_last_event_id(staff_client, viewer, school, monkeypatch):
    monkeypatch.setattr(live, "WSGI_HOLD", 1.0)
    first = event(school)
    second = event(school)
    response = staff_client.get(
        "/s/baking/activity/stream/?after=0", headers={"Last-Event-ID": str(first.pk)}
    )
    text = read_stream(response)
    assert f"event-{second.pk}" in text and f"event-{first.pk}" not in text


def test_the_stream_ends_under_wsgi_so_the_browser_reconnects(
    staff_client, viewer, school, monkeypatch
):
    monkeypatch.setattr(live, "WSGI_HOLD", 0.3)
    response = staff_client.get("/s/baking/activity/stream/")
    # Said before it ends, so that the page keeps its "Live" badge through the reconnect.
    assert b"".join(response.streaming_content) == b"retry: 1000\n\n" + live.GOODBYE


def test_a_watch_and_a_topic_sharing_nothing_match_no_event_explicitly(
    staff_client, viewer, school
):
    from apps.webhooks.forms import FeedForm

    event(school, "user.signup")
    watch = Watch.objects.create(connection=school, name="Sales", topics=["order.created"])
    query = {"watch": str(watch.pk), "topic": "user.signup"}
    feed = FeedForm(query, schools=[school], school=school).feed(user=viewer)
    assert feed.topics == frozenset()  # no stand-in topic
    assert not feed.is_live and not feed.events().exists()
    stream = staff_client.get(f"/s/baking/activity/stream/?watch={watch.pk}&topic=user.signup")
    assert stream.status_code == 204  # nothing can ever match: the browser stops asking
    everything = FeedForm({}, schools=[school], school=school).feed(user=viewer)
    assert everything.topics is None and everything.events().count() == 1


def test_amounts_are_read_with_the_clients_decimal_parser():
    from apps.thinkific import records
    from apps.webhooks import describe

    assert describe.to_decimal is records.to_decimal
    assert not hasattr(describe, "_decimal")


# -- events stored before the receiver refused what no page can show -------------------------


def nested(depth: int) -> list:
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize(
    "odd",
    [
        {"name": "\ud800"},  # SQLite stored a lone surrogate as its escape
        {"\udfff": ["x\ud83d"]},
        {"deep": nested(900)},  # as deep as the receiver once took
    ],
)
def test_an_odd_stored_event_never_breaks_the_activity_pages(staff_client, viewer, school, odd):
    from django.db import connection

    if connection.vendor != "sqlite" and "deep" not in odd:
        pytest.skip("PostgreSQL's jsonb never stored a lone surrogate")
    stored = event(school, "order.created", **odd)
    event(school, "enrollment.created")

    for url in ("/s/baking/activity/", "/activity/", f"/s/baking/activity/{stored.pk}/"):
        for headers in ({}, HX):
            response = staff_client.get(url, headers=headers)
            assert response.status_code == 200, url
            response.content.decode("utf-8")
    assert "enrolled in Intro to Baking" in staff_client.get("/activity/").content.decode()


# -- filters at the edges of their types -----------------------------------------------------

HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("until=9999-12-31", "until", "Pick a day from 1 January 1900 to 31 December 9998."),
        ("since=9999-12-31", "since", "Pick a day from 1 January 1900 to 31 December 9998."),
        ("since=0001-01-01", "since", "Pick a day from 1 January 1900 to 31 December 9998."),
        (f"before={HUGE}", "before", ""),  # a hidden field: ignored
        ("before=" + "9" * 5000, "before", ""),
        (f"watch={HUGE}", "watch", ""),
    ],
)
def test_filters_at_their_limits_are_flagged_not_a_500(
    staff_client, viewer, school, query, field, message
):
    Watch.objects.create(connection=school, name="Sales", topics=["order.created"])
    event(school)
    for url in (f"/s/baking/activity/?{query}", f"/activity/?{query}"):
        if field == "watch" and url.startswith("/activity/"):
            continue
        page = staff_client.get(url)
        assert page.status_code == 200, url
        assert message in page.content.decode()  # beside the field; the fragment has none
        fragment = staff_client.get(url, headers=HX)
        for response in (page, fragment):
            assert "enrolled in Intro to Baking" in response.content.decode()


@pytest.mark.parametrize("after", [HUGE, "9" * 5000, "-5"])
def test_stream_positions_at_their_limits_are_not_a_500(
    staff_client, viewer, school, monkeypatch, after
):
    monkeypatch.setattr(live, "WSGI_HOLD", 0.2)
    for response in (
        staff_client.get(f"/s/baking/activity/stream/?after={after}"),
        staff_client.get("/activity/stream/", headers={"Last-Event-ID": after}),
    ):
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"retry: 1000")


def test_an_event_id_past_64_bits_is_404(staff_client, viewer, school):
    assert staff_client.get(f"/s/baking/activity/{HUGE}/").status_code == 404
    assert staff_client.get(f"/s/baking/activity/{2**63}/").status_code == 404
