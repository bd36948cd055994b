"""/custom_profile_field_definitions (list only) and /course_reviews."""

from apps.sandbox import models as m
from tests.sandbox import factories


def test_profile_field_definitions(api, school):
    country = m.CustomProfileFieldDefinition.objects.create(
        school=school, label="Country", required=True
    )
    response = api.get("custom_profile_field_definitions")
    assert response.json()["items"] == [
        {"id": country.pk, "label": "Country", "field_type": "text", "required": True}
    ]
    assert api.get(f"custom_profile_field_definitions/{country.pk}").status_code == 405
    assert api.post("custom_profile_field_definitions", {}).status_code == 405


def test_course_reviews(api, school):
    course, user = factories.course(school), factories.user(school)
    body = {
        "rating": 5,
        "title": "Great",
        "review_text": "Loved it",
        "user_id": user.pk,
        "approved": False,
    }
    response = api.post("course_reviews", body, {"course_id": course.pk})
    assert response.status_code == 201
    review = response.json()
    assert {key: review[key] for key in body} == body
    assert review["course_id"] == course.pk
    assert api.get(f"course_reviews/{review['id']}").json() == review
    listed = api.get("course_reviews", {"course_id": course.pk}).json()
    assert [item["id"] for item in listed["items"]] == [review["id"]]
    approved = api.get("course_reviews", {"course_id": course.pk, "approved": "true"}).json()
    assert approved["items"] == []


def test_course_review_rules(api, school):
    course = factories.course(school)
    response = api.post("course_reviews", {"rating": 9}, {"course_id": course.pk})
    assert response.json() == {
        "errors": {
            "rating": ["must be less than or equal to 5"],
            "title": ["can't be blank"],
            "review_text": ["can't be blank"],
            "user_id": ["can't be blank"],
            "approved": ["can't be blank"],
        }
    }
    assert api.post("course_reviews", {}, {"course_id": 999999}).status_code == 404
    assert api.get("course_reviews").json() == {"error": "Parameter course_id is required."}
