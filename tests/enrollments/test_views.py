import json
from datetime import UTC, datetime

import pytest
from django.contrib.messages import get_messages
from responses import matchers

from tests.conftest import grant
from tests.enrollments.conftest import API, COURSES, enrollment_json
from tests.resource_cases import ResourceViewCases
from tests.users.conftest import page_json, user_json

HTMX = {"HX-Request": "true"}


def mock_courses(api):
    api.get(f"{API}/courses", json=page_json(COURSES))


class TestEnrollmentViews(ResourceViewCases):
    resource = "enrollments"
    record_ids = ("55",)
    extra_pages = [
        ("get", "enrollments/55/expire/", "change_enrollments"),
        ("post", "enrollments/55/expire/", "change_enrollments"),
        ("post", "enrollments/55/undo-expire/", "change_enrollments"),
        ("get", "enrollments/users/?user_email=a", "view_users"),
    ]
    valid_data = {"user_id": "1", "course_id": "3", "activated_at": "2026-03-05T08:30"}
    rejected_field = "course_id"

    def mock_form_reads(self, api):
        mock_courses(api)

    def mock_list_reads(self, api):
        mock_courses(api)


def test_list_sends_every_filter_and_draws_progress(manager_client, api, tokyo):
    mock_courses(api)
    api.get(
        f"{API}/enrollments",
        match=[
            matchers.query_param_matcher(
                {
                    "page": "1",
                    "limit": "25",
                    "query[email]": "ada@example.com",
                    "query[user_id]": "1",
                    "query[course_id]": "3",
                    "query[completed]": "false",
                    "query[expired]": "true",
                    "query[free_trial]": "true",
                    "query[created_on_or_after]": "2026-03-01",
                    "query[created_on_or_before]": "2026-03-31",
                    "query[updated_after]": "2026-03-02",
                    "query[updated_on_or_before]": "2026-04-01",
                }
            )
        ],
        json=page_json([enrollment_json(expired=True)]),
    )

    page = manager_client.get(
        "/s/baking/enrollments/?email=ada@example.com&user_id=1&course_id=3&completed=false"
        "&expired=true&kind=free_trial&created_on_or_after=2026-03-01"
        "&created_on_or_before=2026-03-31&updated_after=2026-03-02&updated_on_or_before=2026-04-01"
    ).content.decode()

    assert '<option value="3" selected>Sourdough Basics</option>' in page
    assert '<meter min="0" max="1" value="0.75"' in page and "75%" in page
    assert '<span class="badge bad">Expired</span>' in page
    assert "Mar 5, 2026, 08:30" in page  # 23:30 UTC in Tokyo


@pytest.mark.parametrize(
    ("fields", "word"),
    [
        ({}, "Active"),
        ({"is_free_trial": True}, "Trial"),
        ({"completed": True}, "Completed"),
        ({"expired": True}, "Expired"),
    ],
)
def test_status_in_words(manager_client, api, fields, word):
    api.get(f"{API}/enrollments", json=page_json([enrollment_json(**fields)]))

    fragment = manager_client.get("/s/baking/enrollments/", headers=HTMX).content.decode()

    assert f">{word}</span>" in fragment and "<html" not in fragment


def test_a_bad_filter_is_said_and_dropped(manager_client, api):
    mock_courses(api)
    api.get(
        f"{API}/enrollments",
        match=[matchers.query_param_matcher({"page": "1", "limit": "25"})],
        json=page_json([]),
    )

    response = manager_client.get("/s/baking/enrollments/?created_on_or_after=yesterday&user_id=x")

    assert response.status_code == 200
    assert "Created from: Enter a valid date." in response.content.decode()


def test_detail_shows_dates_progress_and_the_feeds_events(manager_client, api, school, tokyo):
    from apps.webhooks.models import Event

    about = [("enrollment", 55), ("enrollment", 56), ("order", 55)]
    events = [
        Event.objects.create(
            connection=school,
            event_id=f"e{n}",
            topic=f"{resource}.created",
            resource=resource,
            action="created",
            payload={"id": record_id},
        )
        for n, (resource, record_id) in enumerate(about)
    ]
    api.get(f"{API}/enrollments/55", json=enrollment_json())

    page = manager_client.get("/s/baking/enrollments/55/").content.decode()

    assert 'href="/s/baking/users/1/">Ada Lovelace</a>' in page
    assert "Mar 5, 2026, 08:30" in page and "Dec 31, 2026, 24:00" not in page
    assert "Jan 1, 2027, 00:00" in page  # the expiry, 15:00 UTC, is midnight in Tokyo
    assert "75%" in page and "Expire now" in page
    ours, other_enrollment, order = (f'href="/s/baking/activity/{e.pk}/"' for e in events)
    assert ours in page and other_enrollment not in page and order not in page


def test_enroll_form_prefills_the_user_and_says_blank_is_a_trial(manager_client, api):
    mock_courses(api)
    api.get(f"{API}/users/1", json=user_json())

    page = manager_client.get("/s/baking/enrollments/new/?user_id=1").content.decode()

    assert 'value="1" checked> Ada Lovelace (ada@example.com)' in page
    assert "Blank makes a free trial" in page and "Blank: never expires." in page
    assert '<option value="4">Choux Pastry</option>' in page


def test_enroll_posts_the_times_in_utc(manager_client, api, tokyo):
    mock_courses(api)
    api.post(
        f"{API}/enrollments",
        match=[
            matchers.json_params_matcher(
                {"user_id": 1, "course_id": 3, "activated_at": "2026-03-04T23:30:00Z"}
            )
        ],
        json=enrollment_json(),
    )

    response = manager_client.post(
        "/s/baking/enrollments/new/",
        {"user_id": "1", "course_id": "3", "activated_at": "2026-03-05T08:30", "expiry_date": ""},
    )

    assert response.status_code == 302 and response["Location"] == "/s/baking/enrollments/55/"


def test_find_user_without_javascript_keeps_the_form(manager_client, api):
    mock_courses(api)
    api.get(f"{API}/users", json=page_json([user_json(id=7, email="bo@example.com")]))

    page = manager_client.post(
        "/s/baking/enrollments/new/",
        {"user_email": "bo", "_find_user": "1", "course_id": "4"},
    ).content.decode()

    assert "bo@example.com" in page and '<option value="4" selected>Choux Pastry</option>' in page
    assert "This field is required" not in page


def test_edit_sends_only_the_changed_date(manager_client, api, tokyo):
    api.get(f"{API}/enrollments/55", json=enrollment_json())
    api.put(
        f"{API}/enrollments/55",
        match=[matchers.json_params_matcher({"expiry_date": None})],
        status=204,
    )

    page = manager_client.get("/s/baking/enrollments/55/edit/")
    api.get(f"{API}/enrollments/55", json=enrollment_json())
    response = manager_client.post(
        "/s/baking/enrollments/55/edit/",
        {"activated_at": "2026-03-05T08:30", "expiry_date": ""},
    )

    assert 'value="2026-03-05T08:30"' in page.content.decode()
    assert response.status_code == 302


def test_expire_then_undo_gives_the_expiry_back(manager_client, api, tokyo):
    api.get(f"{API}/enrollments/55", json=enrollment_json())
    api.put(f"{API}/enrollments/55", status=204)

    confirm = manager_client.get("/s/baking/enrollments/55/expire/", headers=HTMX)
    api.get(f"{API}/enrollments/55", json=enrollment_json())
    expired = manager_client.post("/s/baking/enrollments/55/expire/")
    api.get(f"{API}/enrollments/55", json=enrollment_json(expired=True, expiry_date=None))
    detail = manager_client.get("/s/baking/enrollments/55/").content.decode()
    api.put(
        f"{API}/enrollments/55",
        match=[matchers.json_params_matcher({"expiry_date": "2026-12-31T15:00:00Z"})],
        status=204,
    )
    undone = manager_client.post("/s/baking/enrollments/55/undo-expire/")
    again = manager_client.post("/s/baking/enrollments/55/undo-expire/", follow=False)

    assert "Yes, expire now" in confirm.content.decode() and "<html" not in confirm.content.decode()
    assert expired.status_code == 302
    expiry = datetime.fromisoformat(json.loads(api.calls[2].request.body)["expiry_date"])
    assert expiry < datetime.now(UTC)
    assert "Its expiry was <time" in detail and "Jan 1, 2027, 00:00" in detail and "Undo" in detail
    assert undone.status_code == 302 and again.status_code == 302
    assert len([c for c in api.calls if c.request.method == "PUT"]) == 2


def test_undo_is_for_the_school_it_was_expired_in(manager_client, api, school):
    session = manager_client.session
    session[f"enrollments:undo:{school.pk + 1}:55"] = ""
    session.save()

    response = manager_client.post("/s/baking/enrollments/55/undo-expire/")

    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert response.status_code == 302 and "Nothing to undo" in said[0]
    assert len(api.calls) == 0


def test_user_panel_links_enroll_extend_and_expire(client, staff, api):
    client.force_login(
        grant(staff, "view_users", "view_enrollments", "add_enrollments", "change_enrollments")
    )
    api.get(f"{API}/enrollments", json=page_json([enrollment_json()]))

    panel = client.get("/s/baking/users/1/enrollments/", headers=HTMX).content.decode()

    assert 'href="/s/baking/enrollments/new/?user_id=1">Enroll this user' in panel
    assert 'href="/s/baking/enrollments/55/edit/">Extend' in panel
    assert 'href="/s/baking/enrollments/55/expire/">Expire' in panel


def test_blank_activation_enrolls_a_free_trial_named_in_the_message(manager_client, api):
    mock_courses(api)
    api.post(
        f"{API}/enrollments",
        match=[matchers.json_params_matcher({"user_id": 1, "course_id": 4})],
        json=enrollment_json(course_id=4, is_free_trial=True),
    )

    response = manager_client.post(
        "/s/baking/enrollments/new/",
        {"user_id": "1", "user_label_1": "Ada Lovelace (ada@example.com)", "course_id": "4"},
    )

    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert said == ["Created the enrollment of Ada Lovelace (ada@example.com) in Choux Pastry."]


def test_user_search_needs_add_enrollments_and_lists_matches(client, staff, api):
    client.force_login(grant(staff, "view_users", "view_enrollments", "change_enrollments"))
    denied = client.get("/s/baking/enrollments/users/?user_email=ada", headers=HTMX)
    grant(staff, "add_enrollments")
    api.get(
        f"{API}/users",
        match=[matchers.query_param_matcher({"page": "1", "limit": "10", "query[email]": "ada"})],
        json=page_json([user_json()]),
    )

    found = client.get("/s/baking/enrollments/users/?user_email=ada", headers=HTMX)

    assert denied.status_code == 403
    assert 'name="user_id" value="1"> Ada Lovelace' in found.content.decode()


def test_edit_leaves_an_untouched_date_with_seconds_alone(manager_client, api):
    record = enrollment_json(activated_at="2026-03-04T23:30:41.000Z")
    api.get(f"{API}/enrollments/55", json=record)
    api.put(
        f"{API}/enrollments/55",
        match=[matchers.json_params_matcher({"expiry_date": "2031-01-01T00:00:00Z"})],
        status=204,
    )

    response = manager_client.post(
        "/s/baking/enrollments/55/edit/",
        {"activated_at": "2026-03-04T23:30", "expiry_date": "2031-01-01T00:00"},
    )

    assert response.status_code == 302


def test_an_expiry_before_the_activation_is_refused_before_thinkific(manager_client, api):
    api.get(f"{API}/enrollments/55", json=enrollment_json())

    response = manager_client.post(
        "/s/baking/enrollments/55/edit/",
        {"activated_at": "2026-03-05T08:30", "expiry_date": "2026-03-01T00:00"},
    )

    assert response.status_code == 422
    assert "The expiry date must come after the activation." in response.content.decode()
