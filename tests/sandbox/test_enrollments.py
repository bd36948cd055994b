"""/enrollments: create (full or trial), read, update (incl. expiring), filters, errors."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.sandbox import models as m
from tests.sandbox import factories


@pytest.fixture
def course(school):
    return factories.course(school, name="Watercolor Basics")


@pytest.fixture
def student(school):
    return factories.user(school, first_name="Ada", last_name="Byron", email="ada@example.com")


def test_create_a_full_enrollment(api, school, course, student):
    body = {"course_id": course.pk, "user_id": student.pk, "activated_at": "2024-05-01T10:00:00Z"}
    response = api.post("enrollments", body)
    assert response.status_code == 201
    data = response.json()
    assert data == {
        "id": m.Enrollment.objects.get().pk,
        "created_at": data["created_at"],
        "user_email": "ada@example.com",
        "user_name": "Ada Byron",
        "user_id": student.pk,
        "course_name": "Watercolor Basics",
        "course_id": course.pk,
        "product_id": course.product_id,
        "percentage_completed": "0.0",
        "expired": False,
        "is_free_trial": False,
        "completed": False,
        "started_at": None,
        "activated_at": "2024-05-01T10:00:00.000Z",
        "completed_at": None,
        "updated_at": data["updated_at"],
        "expiry_date": None,
    }
    event = m.Event.objects.get(school=school)
    assert event.topic == "enrollment.created"
    assert event.payload["free_trial"] is False
    assert event.payload["course"] == {"id": course.pk, "name": "Watercolor Basics"}


def test_without_activation_it_is_a_trial(api, school, course, student):
    data = api.post("enrollments", {"course_id": course.pk, "user_id": student.pk}).json()
    assert data["is_free_trial"] is True
    assert data["activated_at"] is None
    assert m.Event.objects.get(school=school).topic == "enrollment.trial"


def test_activating_a_trial_makes_it_full(api, school, course, student):
    trial = factories.enrollment(student, course, activated_at=None, is_free_trial=True)
    response = api.put(f"enrollments/{trial.pk}", {"activated_at": "2024-06-01"})
    assert response.status_code == 204
    assert api.get(f"enrollments/{trial.pk}").json()["is_free_trial"] is False
    assert m.Event.objects.get(school=school).topic == "enrollment.created"


def test_422_is_a_list_of_sentences(api, course, student):
    response = api.post("enrollments", {"course_id": 999999, "user_id": 999999})
    assert response.status_code == 422
    assert response.json() == {"errors": ["Course could not be found.", "User could not be found."]}
    assert api.post("enrollments", {}).json() == {
        "errors": ["Course could not be found.", "User could not be found."]
    }
    body = {"course_id": course.pk, "user_id": student.pk, "activated_at": "soon"}
    assert api.post("enrollments", body).json() == {"errors": ["Activated at is invalid."]}


def test_enrolling_twice_is_refused(api, course, student):
    factories.enrollment(student, course)
    response = api.post("enrollments", {"course_id": course.pk, "user_id": student.pk})
    assert response.json() == {"errors": ["User is already enrolled in this course."]}


def test_percentage_completed_is_a_string_between_0_and_1(api, course, student):
    row = factories.enrollment(student, course, percentage_completed=Decimal("0.75"))
    assert api.get(f"enrollments/{row.pk}").json()["percentage_completed"] == "0.75"


def test_expire_by_setting_the_expiry_date_in_the_past(api, course, student):
    row = factories.enrollment(student, course)
    yesterday = (timezone.now() - timedelta(days=1)).isoformat()
    assert api.put(f"enrollments/{row.pk}", {"expiry_date": yesterday}).status_code == 204
    assert api.get(f"enrollments/{row.pk}").json()["expired"] is True
    assert api.put(f"enrollments/{row.pk}", {"expiry_date": None}).status_code == 204
    assert api.get(f"enrollments/{row.pk}").json()["expired"] is False


def test_there_is_no_delete(api, course, student):
    row = factories.enrollment(student, course)
    assert api.delete(f"enrollments/{row.pk}").status_code == 405
    assert m.Enrollment.objects.filter(pk=row.pk).exists()


def test_update_rejects_bad_dates_as_sentences(api, course, student):
    row = factories.enrollment(student, course)
    response = api.put(f"enrollments/{row.pk}", {"expiry_date": "31/12/2024"})
    assert response.json() == {"errors": ["Expiry date is invalid."]}


class TestFilters:
    @pytest.fixture
    def rows(self, school, course):
        other_course = factories.course(school)
        ada = factories.user(school, email="ada@example.com")
        bob = factories.user(school, email="bob@example.com")
        at = lambda day: datetime(2024, 3, day, 12, tzinfo=UTC)  # noqa: E731
        return {
            "done": factories.enrollment(
                ada, course, completed_at=at(20), created_at=at(1), updated_at=at(20)
            ),
            "trial": factories.enrollment(
                ada,
                other_course,
                activated_at=None,
                is_free_trial=True,
                created_at=at(2),
                updated_at=at(2),
            ),
            "expired": factories.enrollment(
                bob, course, expiry_date=at(3), created_at=at(3), updated_at=at(4)
            ),
            "current": factories.enrollment(
                bob,
                other_course,
                expiry_date=timezone.now() + timedelta(days=9),
                created_at=at(4),
                updated_at=at(5),
            ),
        }

    def names(self, api, rows, **query) -> list[str]:
        params = {f"query[{name}]": value for name, value in query.items()}
        response = api.get("enrollments", params)
        assert response.status_code == 200
        by_id = {row.pk: name for name, row in rows.items()}
        return [by_id[item["id"]] for item in response.json()["items"]]

    def test_by_user_course_and_email(self, api, rows, course):
        ada = rows["done"].user
        assert self.names(api, rows, user_id=ada.pk) == ["done", "trial"]
        assert self.names(api, rows, course_id=course.pk) == ["done", "expired"]
        assert self.names(api, rows, email="BOB@example.com") == ["expired", "current"]
        assert self.names(api, rows, user_id="nobody") == []

    @pytest.mark.parametrize(
        ("name", "true", "false"),
        [
            ("free_trial", ["trial"], ["done", "expired", "current"]),
            ("full", ["done", "expired", "current"], ["trial"]),
            ("completed", ["done"], ["trial", "expired", "current"]),
            ("expired", ["expired"], ["done", "trial", "current"]),
        ],
    )
    def test_flags(self, api, rows, name, true, false):
        assert self.names(api, rows, **{name: "true"}) == true
        assert self.names(api, rows, **{name: "false"}) == false

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ({"created_on": "2024-03-02"}, ["trial"]),
            ({"created_before": "2024-03-02"}, ["done"]),
            ({"created_on_or_before": "2024-03-02"}, ["done", "trial"]),
            ({"created_after": "2024-03-02"}, ["expired", "current"]),
            ({"created_on_or_after": "2024-03-02"}, ["trial", "expired", "current"]),
            ({"created_after": "2024-03-02T12:00:00Z"}, ["expired", "current"]),
            ({"created_on_or_after": "2024-03-02T12:00:00Z"}, ["trial", "expired", "current"]),
            ({"updated_on": "2024-03-20"}, ["done"]),
            ({"updated_before": "2024-03-04"}, ["trial"]),
            ({"updated_on_or_before": "2024-03-04"}, ["trial", "expired"]),
            ({"updated_after": "2024-03-04"}, ["done", "current"]),
            ({"updated_on_or_after": "2024-03-05"}, ["done", "current"]),
            ({"created_after": "2024-03-01", "created_before": "2024-03-04"}, ["trial", "expired"]),
            ({"created_after": "not a date"}, ["done", "trial", "expired", "current"]),
        ],
    )
    def test_dates(self, api, rows, query, expected):
        assert self.names(api, rows, **query) == expected
