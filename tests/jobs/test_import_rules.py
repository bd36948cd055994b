"""The import's dry run against the sandbox over HTTP: each row the sandbox would refuse,
the dry run refuses first, naming the same field; then a valid file imports end to end."""

import pytest

from apps.connections.services import client_for
from apps.jobs import runner, services
from apps.jobs.imports import CUSTOM, UserImport, roles_of
from apps.jobs.models import Job
from apps.sandbox import models as sandbox
from apps.thinkific import errors
from tests.jobs.conftest import TOKEN, started, work
from tests.users.sandbox import sandbox_school

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]

LONG = "x" * 256
# (the row's changes to a valid one, the field the sandbox refuses, the dry run's words)
RULES = [
    ({"first_name": ""}, "first_name", "First name is missing."),
    ({"last_name": ""}, "last_name", "Last name is missing."),
    ({"first_name": LONG}, "first_name", "First name: Ensure this value has at most 255"),
    ({"last_name": LONG}, "last_name", "Last name: Ensure this value has at most 255"),
    ({"email": "ann-at-example.com"}, "email", "Email: Enter a valid email address."),
    ({"password": "abc"}, "password", "Password: Ensure this value has at least 6"),
    ({"password": "p" * 129}, "password", "Password: Ensure this value has at most 128"),
    ({"roles": "teacher"}, "roles", "Roles: Select a valid choice. teacher is not one"),
    ({"roles": "affiliate"}, "affiliate_commission", "Commission: Affiliates need a commission."),
    (
        {"roles": "Affiliate", "affiliate_commission": "150"},
        "affiliate_commission",
        "Commission: A percentage is more than 0 and at most 100.",
    ),
    (
        {"roles": "affiliate", "affiliate_commission": "0"},
        "affiliate_commission",
        "Commission: A percentage is more than 0",
    ),
    (
        {"roles": "affiliate", "affiliate_commission": "9999.99", "affiliate_commission_type": "$"},
        "affiliate_commission",
        "Commission: An amount is more than 0 and below 9999.99.",
    ),
    (
        {"roles": "affiliate", "affiliate_commission": "ten"},
        "affiliate_commission",
        "Commission: Enter a number.",
    ),
    (
        {"roles": "affiliate", "affiliate_commission": "10", "affiliate_commission_type": "€"},
        "affiliate_commission_type",
        "Commission type: Select a valid choice.",
    ),
    (
        {"roles": "affiliate", "affiliate_commission": "10", "affiliate_payout_email": "pay"},
        "affiliate_payout_email",
        "Payout email: Enter a valid email address.",
    ),
    ({"company": LONG}, "company", "Company: Ensure this value has at most 255"),
    ({"headline": LONG}, "headline", "Headline: Ensure this value has at most 255"),
    ({"bio": "b" * 10_001}, "bio", "Bio: Ensure this value has at most 10000"),
    ({"external_id": LONG}, "external_id", "External ID: Ensure this value has at most 255"),
    ({"CAKE": ""}, "custom_profile_fields", "Favourite cake is missing."),
    ({"external_id": "sso-taken"}, "external_id", "External ID: another user of the school has"),
]


@pytest.fixture
def school(live_server):
    connection = sandbox_school(live_server, subdomain="rules-academy", users=1, slug="rules")
    definitions = sandbox.CustomProfileFieldDefinition.objects.filter(
        school__subdomain="rules-academy"
    )
    definitions.update(required=False)
    cake = definitions.create(school=definitions.first().school, label="Favourite cake")
    definitions.filter(pk=cake.pk).update(required=True)
    connection.cake = f"{CUSTOM}{cake.pk}"
    return connection


def a_row(school, number: int, changes: dict) -> dict:
    row = {
        "first_name": "Ann",
        "last_name": "Lee",
        "email": f"rule{number}@example.com",
        school.cake: "Lemon",
    }
    for field, value in changes.items():
        row[school.cake if field == "CAKE" else field] = value
    return {field: value for field, value in row.items() if value}


def as_sent(row: dict) -> dict:
    """The row sent to Thinkific as it is, unchecked: what the run would have sent."""
    body = {f: v for f, v in row.items() if not f.startswith(CUSTOM)}
    if "roles" in body:
        body["roles"] = roles_of(body["roles"])
    body["custom_profile_fields"] = [
        {"custom_profile_field_definition_id": int(f.removeprefix(CUSTOM)), "value": v}
        for f, v in row.items()
        if f.startswith(CUSTOM)
    ]
    return body


def dry_run(school, rows) -> Job:
    params = UserImport.params(rows=rows, on_existing="skip", courses=[], send_welcome_email=False)
    job = services.job_create(
        connection=school, user=None, kind=UserImport.name, title="Import", params=params
    )
    assert runner.job_work(job_id=job.pk, token=TOKEN).message == "Dry run stored."
    job.refresh_from_db()
    return job


def test_each_row_the_sandbox_refuses_the_dry_run_refuses_for_the_same_reason(school):
    rows = [a_row(school, number, changes) for number, (changes, _, _) in enumerate(RULES)]
    client = client_for(school)
    client.users.create(**as_sent(a_row(school, 99, {"external_id": "sso-taken"})))
    for row, (_, field, _) in zip(rows, RULES, strict=True):
        with pytest.raises(errors.ValidationError) as refused:
            client.users.create(**as_sent(row))
        assert field in refused.value.field_errors, (row, refused.value.field_errors)

    job = dry_run(school, rows)

    verdicts = list(job.rows.order_by("position").values_list("verdict", "runnable"))
    for (verdict, runnable), (_, _, words) in zip(verdicts, RULES, strict=True):
        assert not runnable
        assert verdict.startswith(f"Invalid: {words}"), verdict


def test_what_the_dry_run_promises_the_run_does(school):
    rows = [
        a_row(school, 100, {}),
        a_row(school, 101, {"roles": "Affiliate; course admin", "affiliate_commission": "12.5"}),
        a_row(
            school,
            102,
            {"roles": "affiliate", "affiliate_commission": "40", "affiliate_commission_type": "$"},
        ),
        a_row(school, 103, {"password": "secret-pw-1", "bio": "Bakes."}),
        a_row(school, 104, {"roles": "course_admin", "affiliate_commission": "500"}),
    ]
    job = dry_run(school, rows)
    assert all(job.rows.values_list("runnable", flat=True)), job.rows.values_list("verdict")

    work(started(job))

    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.rows.filter(status="done").count() == len(rows)
    users = {u.email: u for u in sandbox.User.objects.filter(email__startswith="rule10")}
    assert sorted(users["rule101@example.com"].role_list) == ["affiliate", "course_admin"]
    assert users["rule101@example.com"].affiliate_commission == 12.5
    assert users["rule102@example.com"].affiliate_commission_type == "$"
    assert users["rule103@example.com"].has_password
    assert users["rule104@example.com"].affiliate_commission is None  # not an affiliate
