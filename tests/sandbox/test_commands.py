"""sandbox_seed, sandbox_credentials, sandbox_simulate."""

import io
import json
import random
import re

import pytest
from django.core.management import CommandError, call_command

from apps.sandbox import models as m
from apps.sandbox.demo.activity import STEPS, activity_run
from apps.sandbox.demo.seed import Sizes
from tests.sandbox import factories


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def snapshot(school: m.School) -> dict:
    """The school's records without ids: what 'the same data' means."""
    users = m.User.objects.filter(school=school).order_by("pk")
    return {
        "users": list(users.values_list("first_name", "last_name", "email", "roles", "created_at")),
        "courses": list(
            m.Course.objects.filter(school=school)
            .order_by("pk")
            .values_list("name", "product__price")
        ),
        "enrollments": list(
            m.Enrollment.objects.filter(school=school)
            .order_by("pk")
            .values_list("user__email", "course__name", "percentage_completed", "created_at")
        ),
        "orders": list(
            m.Order.objects.filter(school=school)
            .order_by("pk")
            .values_list("user__email", "amount_cents")
        ),
        "groups": list(
            m.Group.objects.filter(school=school).order_by("pk").values_list("name", "token")
        ),
    }


def test_sizes_scale_with_users():
    assert Sizes.for_users(2000) == Sizes()
    assert Sizes().instructors == 104 and Sizes().courses == 40 and Sizes().categories == 12
    big = Sizes.for_users(100_000)
    assert (big.enrollments, big.orders) == (250_000, 75_000)
    assert 40 < big.courses < 400
    small = Sizes.for_users(10)
    assert small.courses >= 3 and small.instructors >= 2


@pytest.mark.django_db
def test_seed_builds_a_school(settings):
    output = run("sandbox_seed", subdomain="tiny", users=60)
    assert "Seeded 'Tiny' (tiny)" in output
    school = m.School.objects.get(subdomain="tiny")
    assert re.fullmatch(r"[0-9a-f]{32}", school.api_key)
    assert m.User.objects.filter(school=school).count() == 60
    assert m.Enrollment.objects.filter(school=school).count() == 150
    assert m.Order.objects.filter(school=school).exists()
    assert m.Collection.objects.filter(school=school, default=True).count() == 1
    assert m.Content.objects.filter(school=school).exists()
    assert m.User.objects.filter(school=school, roles__contains="site_admin").count() == 1
    assert not m.Event.objects.exists()  # seeding is not activity


@pytest.mark.django_db
def test_same_seed_same_data_other_seed_other_data():
    run("sandbox_seed", subdomain="one", users=40, seed=7)
    run("sandbox_seed", subdomain="two", users=40, seed=7)
    run("sandbox_seed", subdomain="three", users=40, seed=8)
    one, two, three = (m.School.objects.get(subdomain=s) for s in ("one", "two", "three"))
    assert snapshot(one) == snapshot(two)
    assert snapshot(one) != snapshot(three)
    assert one.api_key != two.api_key


@pytest.mark.django_db
def test_seed_leaves_an_existing_school_alone_unless_reset():
    run("sandbox_seed", subdomain="tiny", users=30)
    school = m.School.objects.get(subdomain="tiny")
    before = snapshot(school)
    output = run("sandbox_seed", subdomain="tiny", users=50)
    assert "exists already; left alone" in output
    assert snapshot(school) == before
    factories.user(school, email="extra@example.com")
    m.Webhook.objects.create(
        id="1" * 23, school=school, topic="user.signup", target_url="https://a.io"
    )
    run("sandbox_seed", subdomain="tiny", users=30, reset=True)
    school.refresh_from_db()
    assert snapshot(school) == before  # same seed, same data again
    assert m.Webhook.objects.filter(school=school).exists()  # credentials and webhooks stay
    assert m.School.objects.get(subdomain="tiny").api_key == school.api_key


@pytest.mark.django_db
def test_seeded_lists_answer(client):
    run("sandbox_seed", subdomain="tiny", users=30)
    school = m.School.objects.get(subdomain="tiny")
    headers = {"X-Auth-API-Key": school.api_key, "X-Auth-Subdomain": "tiny"}
    for resource in (
        "users",
        "courses",
        "products",
        "enrollments",
        "orders",
        "promotions",
        "collections",
        "groups",
        "instructors",
        "custom_profile_field_definitions",
    ):
        response = client.get(f"/sandbox/api/public/v1/{resource}", headers=headers)
        assert response.status_code == 200, resource
        assert response.json()["meta"]["pagination"]["total_items"] > 0, resource


@pytest.mark.django_db
def test_seed_rejects_bad_options():
    with pytest.raises(CommandError):
        run("sandbox_seed", subdomain="Not A Subdomain")
    with pytest.raises(CommandError):
        run("sandbox_seed", subdomain="ok", users=0)


@pytest.mark.django_db
def test_credentials_json():
    school = factories.school(name="Demo", subdomain="demo")
    rows = json.loads(run("sandbox_credentials", json=True, base_url="http://localhost:9000/"))
    assert rows == [
        {
            "name": "Demo",
            "subdomain": "demo",
            "api_key": school.api_key,
            "oauth_client_id": school.oauth_client_id,
            "oauth_client_secret": school.oauth_client_secret,
            "api_base_url": "http://localhost:9000/sandbox",
            "oauth_base_url": "http://localhost:9000/sandbox/sites/demo",
        }
    ]
    text = run("sandbox_credentials")
    assert school.api_key in text and "http://127.0.0.1:8000/sandbox/sites/demo" in text


@pytest.mark.django_db
def test_simulate_fires_events_and_deliveries():
    run("sandbox_seed", subdomain="tiny", users=30)
    school = m.School.objects.get(subdomain="tiny")
    for number, topic in enumerate(("user.signup", "enrollment.progress", "lesson.completed")):
        m.Webhook.objects.create(
            id=f"{number:023d}",
            school=school,
            topic=topic,
            target_url="https://hooks.example-app.io/t",
        )
    output = run("sandbox_simulate", rate=60000, count=40, seed=3, subdomain="tiny")
    assert output.count("tiny:") == 40
    topics = set(m.Event.objects.values_list("resource", "action"))
    assert {("user", "signup"), ("enrollment", "progress")} <= topics
    assert m.Delivery.objects.filter(webhook__topic="enrollment.progress").exists()


@pytest.mark.django_db
def test_every_activity_can_run():
    run("sandbox_seed", subdomain="tiny", users=30)
    school = m.School.objects.get(subdomain="tiny")
    rng = random.Random(1)
    fired = {kind: activity_run(school, rng, kind) for kind in STEPS}
    assert fired["signup"] == ["user.signup"]
    assert fired["signin"] == ["user.signin"]
    assert fired["trial"] == ["enrollment.trial"]
    assert fired["order"] == ["order.created", "enrollment.created"]
    assert fired["progress"][0] in ("lesson.completed", "quiz.attempted")
    assert "enrollment.progress" in fired["progress"]
    assert fired["finish"][-2:] == ["enrollment.progress", "enrollment.completed"]
    assert fired["catalog"][0] in ("course.updated", "product.updated")
    assert fired["launch"] == ["product.created", "course.created"]
    assert fired["retire"] == ["course.deleted", "product.deleted"]


@pytest.mark.django_db
def test_simulate_stops_after_duration():
    output = run("sandbox_simulate", rate=60000, duration=0.05)
    assert output == ""  # no school: it waited, then stopped
