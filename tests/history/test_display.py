"""The history in staff's words: the forms' labels, the records' names, lists as words,
profile fields by their labels, a deleted record by its last title, an undo's before.

Each write goes through the recorder (Thinkific mocked), then the page is read."""

import html
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.connections.services import client_for
from apps.core.resources import form_field
from apps.history.context import acting
from apps.history.display import label
from apps.history.models import Entry
from apps.index.models import IndexedName, IndexedUser
from tests.conftest import grant
from tests.thinkific.conftest import envelope

pytestmark = pytest.mark.django_db

USER = {
    "id": 7,
    "first_name": "Ada",
    "last_name": "Lovelace",
    "email": "ada@example.com",
    "roles": ["affiliate"],
    "custom_profile_fields": [
        {
            "id": 1,
            "value": "Lemon",
            "label": "Favourite cake",
            "custom_profile_field_definition_id": 12,
        }
    ],
}


@pytest.fixture
def viewer(client, staff):
    grant(staff, "view_history")
    client.force_login(staff)
    return client


def page_of(viewer) -> str:
    return html.unescape(viewer.get("/s/baking/history/").content.decode())


def latest() -> Entry:
    return Entry.objects.order_by("-pk").first()


def test_roles_are_words_and_profile_fields_go_by_their_labels(api, school, staff, viewer):
    api.expect("GET", "/users/7", json=USER)
    sent = {
        "roles": ["affiliate", "course_admin"],
        "custom_profile_fields": [{"custom_profile_field_definition_id": 12, "value": "Carrot"}],
    }
    api.expect("PUT", "/users/7", sent=sent, status=204)
    client = client_for(school)
    with acting(staff):
        client.users.get(7)
        client.users.update(7, **sent)

    page = page_of(viewer)

    assert '<th scope="row">Roles</th>' in page
    assert "<del>Affiliate</del>" in page and "<ins>Affiliate, Course admin</ins>" in page
    assert '<th scope="row">Favourite cake</th>' in page
    assert "<del>Lemon</del>" in page and "<ins>Carrot</ins>" in page
    assert "course_admin" not in page and "custom_profile_field_definition_id" not in page


def test_a_new_users_fields_go_by_the_create_forms_labels_and_the_definitions(
    api, school, staff, viewer
):
    created = {**USER, "custom_profile_fields": []}
    for email in ("ada@example.com", "bo@example.com"):
        api.expect("POST", "/users", sent=lambda body: True, status=201, json=created)
        client_for(school).users.create(
            first_name="Ada",
            last_name="Lovelace",
            email=email,
            external_id="sso-77",
            provider="OPENID_CONNECT",
            custom_profile_fields=[{"custom_profile_field_definition_id": 12, "value": "Plum"}],
        )
    definitions = [{"id": 12, "label": "Favourite cake", "field_type": "text", "required": False}]
    api.expect(
        "GET",
        "/custom_profile_field_definitions",
        query={"page": "1", "limit": "250"},
        json=envelope(definitions),
    )

    first, again = page_of(viewer), page_of(viewer)

    for page in (first, again):
        assert '<th scope="row">External ID</th>' in page and "<ins>sso-77</ins>" in page
        assert '<th scope="row">Provider</th>' in page and "<ins>OpenID Connect</ins>" in page
        assert '<th scope="row">Favourite cake</th>' in page and "<ins>Plum</ins>" in page
        assert "External id" not in page
    # Two entries, two page views: the definitions were read once.
    assert sum("custom_profile_field_definitions" in r.url for r in api.requests) == 1


def test_without_the_definitions_a_profile_field_goes_by_its_id(api, school, viewer):
    api.expect("POST", "/users", sent=lambda body: True, status=201, json=USER)
    client_for(school).users.create(
        first_name="Ada",
        last_name="Lovelace",
        email="ada@example.com",
        custom_profile_fields=[{"custom_profile_field_definition_id": 12, "value": "Plum"}],
    )
    api.expect(
        "GET", "/custom_profile_field_definitions", query={"page": "1", "limit": "250"}, status=503
    )

    page = page_of(viewer)

    assert '<th scope="row">Profile field #12</th>' in page and "<ins>Plum</ins>" in page


def test_ids_are_the_records_names_from_the_index(api, school, viewer):
    IndexedUser.objects.create(
        connection=school, thinkific_id=1039, full_name="Emma Stone", seen_at=timezone.now()
    )
    IndexedName.objects.create(
        connection=school,
        thinkific_id=3,
        kind="course",
        name="Baking Basics",
        seen_at=timezone.now(),
    )
    for user_id in (1039, 1040):
        api.expect(
            "POST",
            "/enrollments",
            sent=lambda body: True,
            status=201,
            json={"id": user_id, "user_id": user_id, "course_id": 3},
        )
        client_for(school).enrollments.create(user_id=user_id, course_id=3)

    page = page_of(viewer)

    assert '<th scope="row">User</th>' in page and '<th scope="row">Course</th>' in page
    assert "<ins>Emma Stone</ins>" in page and "<ins>Baking Basics</ins>" in page
    assert "<ins>User #1040</ins>" in page  # not in the index
    assert "User id" not in page and "<ins>1039</ins>" not in page


def test_a_coupons_quantity_is_its_forms_uses(api, school, viewer):
    api.expect("GET", "/coupons/9", json={"id": 9, "code": "SUMMER", "quantity": 5})
    api.expect("PUT", "/coupons/9", sent={"quantity": 10}, status=204)
    client = client_for(school)
    client.coupons.get(9)
    client.coupons.update(9, quantity=10)

    page = page_of(viewer)

    assert form_field("coupons", "quantity").label == "Uses"
    assert '<th scope="row">Uses</th>' in page and "Quantity" not in page


def test_a_deleted_record_keeps_its_last_known_title(api, school, viewer):
    Entry.objects.create(
        connection=school,
        resource="promotions",
        record_id="11",
        record_name="Spring sale",
        action="create",
        at=timezone.now() - timedelta(days=2),
    )
    api.expect("DELETE", "/promotions/11", status=204)
    api.expect("DELETE", "/promotions/12", status=204)
    client = client_for(school)
    client.promotions.delete(11)
    client.promotions.delete(12)

    named = Entry.objects.get(action="delete", record_id="11")
    unnamed = Entry.objects.get(action="delete", record_id="12")
    page = page_of(viewer)

    assert (named.record_name, unnamed.record_name) == ("Spring sale", "")
    words = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "Deleted Promotion Spring sale" in words and "Promotion 11" not in words
    assert "Deleted Promotion #12" in words and "Promotion 12" not in words


def test_a_renamed_record_is_deleted_under_its_new_name(api, school):
    api.expect("GET", "/promotions/11", json={"id": 11, "name": "Spring sale"})
    api.expect("PUT", "/promotions/11", sent={"name": "Spring sale (ending)"}, status=204)
    api.expect("DELETE", "/promotions/11", status=204)
    client = client_for(school)
    client.promotions.get(11)
    client.promotions.update(11, name="Spring sale (ending)")

    client_for(school).promotions.delete(11)  # a later request, which reads nothing first

    assert latest().record_name == "Spring sale (ending)"


def test_a_deleted_user_never_written_here_is_named_from_the_index(api, school):
    IndexedUser.objects.create(
        connection=school, thinkific_id=1039, full_name="Emma Stone", seen_at=timezone.now()
    )
    api.expect("DELETE", "/users/1039", status=204)

    client_for(school).users.delete(1039)

    assert latest().record_name == "Emma Stone"


def test_an_enrollments_undo_has_the_expiry_it_replaces_as_before(api, school, staff, viewer):
    grant(staff, "change_enrollments")
    session = viewer.session
    session[f"enrollments:undo:{school.pk}:55"] = "2026-12-31T15:00:00+00:00"
    session.save()
    expired = {"id": 55, "user_id": 1, "course_id": 3, "expiry_date": "2026-03-01T10:00:00Z"}
    api.expect("GET", "/enrollments/55", json=expired)
    api.expect("PUT", "/enrollments/55", sent={"expiry_date": "2026-12-31T15:00:00Z"}, status=204)

    response = viewer.post("/s/baking/enrollments/55/undo-expire/")
    entry = latest()
    page = page_of(viewer)

    assert response.status_code == 302
    assert entry.changes == [["expiry_date", "2026-03-01T10:00:00Z", "2026-12-31T15:00:00Z"]]
    assert entry.before_read_at is not None
    assert "Before not known" not in page and "not known" not in page
    assert '<th scope="row">Expiry date</th>' in page


@pytest.mark.parametrize(
    ("resource", "field", "expected"),
    [
        ("users", "external_id", "External ID"),
        ("users", "affiliate_commission", "Commission"),
        ("coupons", "quantity", "Uses"),
        ("enrollments", "user_id", "User"),
        ("categories", "product_ids (added)", "Products (added)"),
        ("watches", "topics", "Events to watch"),
        ("promotions", "promotion_id", "Promotion"),  # no form has it: made from its name
        ("users", "avatar_url", "Avatar URL"),
        ("nothing", "collection_ids", "Collections"),
    ],
)
def test_labels_come_from_the_forms_else_from_the_name(resource, field, expected):
    assert label(resource, field) == expected
