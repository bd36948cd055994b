"""The recorder: what an entry holds for each kind of write (Thinkific mocked)."""

import json

import pytest

from apps.connections.services import client_for
from apps.console.calls import ApiCall
from apps.console.services import call_send
from apps.history.context import acting
from apps.history.models import Entry, ReadOnlyError
from apps.history.recorder import for_job
from apps.thinkific import errors
from tests.thinkific.conftest import KEY, envelope

pytestmark = pytest.mark.django_db

COUPON = {"id": 9, "code": "SUMMER", "note": None, "quantity": 5, "promotion_id": 3}


def entry() -> Entry:
    (only,) = Entry.objects.all()
    return only


def test_an_edit_keeps_what_it_read_before_and_only_the_fields_that_changed(api, school, staff):
    api.expect("GET", "/coupons/9", json=COUPON)
    api.expect("PUT", "/coupons/9", sent={"code": "SUMMER", "quantity": 10}, status=204)
    client = client_for(school)

    with acting(staff):
        client.coupons.get(9)
        client.coupons.update(9, code="SUMMER", quantity=10)

    made = entry()
    assert (made.resource, made.record_id, made.parent_id, made.record_name) == (
        "coupons",
        "9",
        "3",
        "SUMMER",
    )
    assert (made.action, made.outcome, made.actor, made.user) == ("update", "done", "mary", staff)
    assert made.changes == [["quantity", 5, 10]]  # the code is sent every time, unchanged
    assert made.before_read_at is not None


def test_a_record_read_in_a_list_is_the_before_too(api, school):
    api.expect(
        "GET",
        "/coupons",
        query={"promotion_id": "3", "page": "1", "limit": "25"},
        json=envelope([COUPON]),
    )
    api.expect("DELETE", "/coupons/9", status=204)
    client = client_for(school)

    client.coupons.list(3)
    client.coupons.delete(9)

    made = entry()
    assert (made.action, made.record_name, made.actor) == ("delete", "SUMMER", "")
    assert ["quantity", 5, None] in made.changes


def test_without_a_read_before_is_not_known(api, school):
    api.expect("PUT", "/users/7", sent={"first_name": "Ada"}, status=204)

    client_for(school).users.update(7, first_name="Ada")

    made = entry()
    assert (made.changes, made.before_read_at) == ([["first_name", None, "Ada"]], None)


def test_a_refusal_keeps_thinkifics_message(api, school):
    api.expect(
        "POST",
        "/users",
        sent=lambda body: True,
        status=422,
        json={"errors": {"email": ["has already been taken"]}},
    )

    with pytest.raises(errors.ValidationError):
        client_for(school).users.create(first_name="A", last_name="B", email="a@example.com")

    made = entry()
    assert (made.action, made.outcome, made.status) == ("create", "refused", 422)
    assert "already been taken" in made.message


def test_passwords_never_appear(api, school):
    api.expect(
        "POST",
        "/users",
        sent=lambda body: True,
        status=201,
        json={"id": 4, "first_name": "A", "last_name": "B", "email": "a@example.com"},
    )

    client_for(school).users.create(
        first_name="A", last_name="B", email="a@example.com", password="hunter2-secret"
    )

    made = entry()
    assert ["password", None, "[redacted]"] in made.changes
    assert "hunter2" not in json.dumps(made.changes)
    assert (made.record_id, made.record_name) == ("4", "A B (a@example.com)")


def test_a_category_s_products_are_a_change_of_the_category(api, school):
    api.expect("POST", "/collection_memberships/3", sent={"product_ids": [5, 6]}, status=204)

    client_for(school).collections.add_products(3, [5, 6])

    made = entry()
    assert (made.resource, made.record_id, made.action) == ("categories", "3", "update")
    assert made.changes == [["product_ids (added)", None, [5, 6]]]


def test_a_console_call_keeps_method_path_and_a_redacted_body(api, school, staff):
    api.expect("POST", "/users", sent=lambda body: True, status=201, json={"id": 8})
    body = json.dumps({"first_name": "C", "password": "pa55word!", "note": f"key {KEY}"})

    call_send(
        client=client_for(school),
        connection=school,
        user=staff,
        call=ApiCall("POST", "/v1/users", body=body),
    )

    made = entry()
    assert (made.source, made.method, made.path) == ("console", "POST", "/api/public/v1/users")
    assert (made.resource, made.action, made.status, made.record_id) == (
        "users",
        "create",
        201,
        "8",
    )
    assert "pa55word" not in made.body and KEY not in made.body and "[redacted]" in made.body
    assert KEY not in json.dumps(made.changes)


def test_the_webhooks_sync_and_a_jobs_rows_make_no_entry_of_their_own(api, school):
    api.expect("DELETE", "/webhooks/1", v2=True, status=204)
    api.expect("PUT", "/users/7", sent={"first_name": "Ada"}, status=204)
    client = client_for(school)

    client.webhooks.delete(1)
    for_job(client, job=object())
    client.users.update(7, first_name="Ada")

    assert not Entry.objects.exists()


def test_entries_are_never_changed(api, school):
    api.expect("DELETE", "/users/7", status=204)
    client_for(school).users.delete(7)

    made = entry()
    made.message = "rewritten"
    with pytest.raises(ReadOnlyError):
        made.save()
