"""Every write path of the portal leaves exactly one history entry.

The services are found, not listed: every public function of an `apps/*/services.py` that
takes a Thinkific `client`, and every job kind. Each must have a case below that makes
its write against the sandbox (over real HTTP); a new writing service without a case,
or whose case leaves no entry (or two), fails here.
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
from datetime import UTC, datetime
from decimal import Decimal

import pytest
import requests
from django.conf import settings

from apps.connections.services import client_for
from apps.console.calls import ApiCall
from apps.history.context import acting
from apps.history.models import Entry
from apps.jobs import kinds, runner
from apps.jobs import services as jobs_services
from apps.jobs.coupons import CouponBulk
from apps.jobs.enroll import EnrollBulk
from apps.jobs.imports import UserImport
from tests.jobs.conftest import TOKEN, work
from tests.users.sandbox import sandbox_school

pytestmark = pytest.mark.django_db(transaction=True)

# Functions that take a client but send no write of their own, and why.
NOT_WRITES = {
    "webhooks_sync": "the sync of watches: each watch's change is the entry",
}


def client_services() -> dict[str, object]:
    """Every public function taking a `client` of the installed apps' services modules
    (`services.py`, or each module of a `services` package), by name."""
    found = {}
    for module in services_modules():
        for name, function in inspect.getmembers(module, inspect.isfunction):
            public = not name.startswith("_") and function.__module__ == module.__name__
            if public and "client" in inspect.signature(function).parameters:
                assert name not in found, f"two services named {name}"
                found[name] = function
    return found


def services_modules():
    for app in settings.INSTALLED_APPS:
        if not app.startswith("apps.") or app == "apps.sandbox":
            continue
        try:
            module = importlib.import_module(f"{app}.services")
        except ModuleNotFoundError:
            continue
        yield module
        for info in pkgutil.iter_modules(getattr(module, "__path__", [])):
            yield importlib.import_module(f"{module.__name__}.{info.name}")


class Sandbox:
    """The school on the sandbox, a staff member, and records to write on."""

    def __init__(self, live_server, django_user_model):
        settings.THINKIFIC_RATE_LIMIT = 100_000
        self.school = sandbox_school(live_server, subdomain="history-writes", users=3)
        self.user = django_user_model.objects.create_user("writer", "w@example.com", "pw")
        self.school.members.add(self.user)
        self.setup = client_for(self.school)
        self.setup.listeners = ()  # the records written on are no entries
        self.course = self.setup.courses.list(limit=1).items[0]
        self.product = self.setup.products.list(limit=1).items[0]

    def client(self):
        return client_for(self.school)

    def a_user(self):
        return self.setup.users.create(
            first_name="Ada", last_name="Lovelace", email=f"{stamp()}@example.com"
        )

    def a_promotion(self):
        return self.setup.promotions.create(
            name=f"Sale {stamp()}", discount_type="percentage", amount=Decimal("10")
        )

    def a_coupon(self):
        return self.setup.coupons.create(self.a_promotion().id, code=stamp()[-12:], quantity=5)

    def an_enrollment(self):
        return self.setup.enrollments.create(
            user_id=self.a_user().id, course_id=self.course.id, activated_at=datetime.now(UTC)
        )

    def a_category(self):
        return self.setup.collections.create(name="Cat", description="d", slug=stamp())

    def an_instructor(self):
        return self.setup.instructors.create(first_name="Ina", last_name="Garten", slug=stamp())

    def a_watch(self):
        from apps.webhooks.services import watch_create

        return watch_create(
            connection=self.school, client=self.setup, name=stamp(), topics=["order.created"]
        )[0]


def stamp() -> str:
    return f"h{datetime.now(UTC).strftime('%H%M%S%f')}"


def _watch_args(s):
    return {"watch": s.a_watch(), "name": stamp(), "topics": ["user.signup"]}


def _coupon_args(s):
    coupon = s.a_coupon()
    return {"coupon_id": coupon.id, "code": coupon.code, "quantity": 9}


def _console_args(s):
    body = json.dumps({"first_name": "Con", "last_name": "Sole", "email": f"{stamp()}@x.org"})
    call = ApiCall("POST", "/v1/users", body=body)
    return {"connection": s.school, "user": s.user, "call": call}


# service name -> (its arguments but the client, made before counting; the entry's resource, action)
CASES = {
    "user_create": (
        lambda s: {"first_name": "A", "last_name": "B", "email": f"{stamp()}@example.com"},
        ("users", "create"),
    ),
    "user_update": (
        lambda s: {"user_id": s.a_user().id, "first_name": "Grace"},
        ("users", "update"),
    ),
    "user_delete": (lambda s: {"user_id": s.a_user().id}, ("users", "delete")),
    "instructor_create": (
        lambda s: {"first_name": "I", "last_name": "G", "slug": stamp()},
        ("instructors", "create"),
    ),
    "instructor_update": (
        lambda s: {"instructor_id": s.an_instructor().id, "title": "Chef"},
        ("instructors", "update"),
    ),
    "instructor_delete": (
        lambda s: {"instructor_id": s.an_instructor().id},
        ("instructors", "delete"),
    ),
    "category_create": (
        lambda s: {"name": "New", "description": "d", "slug": stamp()},
        ("categories", "create"),
    ),
    "category_update": (
        lambda s: {
            "category_id": s.a_category().id,
            "name": "Renamed",
            "description": "d",
            "slug": stamp(),
        },
        ("categories", "update"),
    ),
    "category_delete": (
        lambda s: {"category_id": s.a_category().id},
        ("categories", "delete"),
    ),
    "category_products_add": (
        lambda s: {"category_id": s.a_category().id, "product_ids": [s.product.id]},
        ("categories", "update"),
    ),
    "category_product_remove": (
        lambda s: {"category_id": s.a_category().id, "product_id": s.product.id},
        ("categories", "update"),
    ),
    "promotion_create": (
        lambda s: {"name": "P", "discount_type": "percentage", "amount": Decimal("5")},
        ("promotions", "create"),
    ),
    "promotion_update": (
        lambda s: {
            "promotion_id": s.a_promotion().id,
            "name": "P2",
            "discount_type": "percentage",
            "amount": Decimal("15"),
        },
        ("promotions", "update"),
    ),
    "promotion_delete": (
        lambda s: {"promotion_id": s.a_promotion().id},
        ("promotions", "delete"),
    ),
    "coupon_create": (
        lambda s: {"promotion_id": s.a_promotion().id, "code": stamp()[-12:], "quantity": 3},
        ("coupons", "create"),
    ),
    "coupon_update": (_coupon_args, ("coupons", "update")),
    "coupon_delete": (
        lambda s: {"coupon_id": s.a_coupon().id},
        ("coupons", "delete"),
    ),
    "enrollment_create": (
        lambda s: {"user_id": s.a_user().id, "course_id": s.course.id},
        ("enrollments", "create"),
    ),
    "enrollment_update": (
        lambda s: {"enrollment_id": s.an_enrollment().id, "expiry_date": "2031-01-01T00:00:00Z"},
        ("enrollments", "update"),
    ),
    "enrollment_expire": (
        lambda s: {"enrollment": s.an_enrollment()},
        ("enrollments", "update"),
    ),
    "enrollment_unexpire": (
        lambda s: {"enrollment_id": s.an_enrollment().id, "expiry_date": None},
        ("enrollments", "update"),
    ),
    "call_send": (_console_args, ("users", "create")),
    # Before any other watch: a school's first watch only.
    "watch_start": (lambda s: {"connection": s.school}, ("watches", "create")),
    "watch_create": (
        lambda s: {"connection": s.school, "name": stamp(), "topics": ["order.created"]},
        ("watches", "create"),
    ),
    "watch_update": (_watch_args, ("watches", "update")),
    "watch_delete": (
        lambda s: {"watch": s.a_watch()},
        ("watches", "delete"),
    ),
}


def test_every_service_that_takes_a_client_has_a_case():
    found = set(client_services())
    assert found - set(CASES) - set(NOT_WRITES) == set(), "a writing service without a case"
    assert set(CASES) | set(NOT_WRITES) <= found, "a case for a service that is gone"


@pytest.fixture
def sandbox(live_server, django_user_model):
    return Sandbox(live_server, django_user_model)


def test_each_write_leaves_exactly_one_entry(sandbox):
    services = client_services()
    made = {}
    with acting(sandbox.user):
        for name, (arguments, _) in CASES.items():
            kwargs = arguments(sandbox)
            last = Entry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            services[name](client=sandbox.client(), **kwargs)
            new = Entry.objects.filter(pk__gt=last).order_by("pk")
            made[name] = [(e.resource, e.action, e.outcome, e.actor) for e in new]
    wanted = {name: [(*expected, "done", "writer")] for name, (_, expected) in CASES.items()}
    assert made == wanted


@pytest.mark.parametrize("kind", [k.name for k in kinds.kind_list()])
def test_a_bulk_job_is_one_entry_however_many_rows(sandbox, kind):
    job = JOBS[kind](sandbox)
    if job.status == job.Status.PLANNING:  # a dry run the worker makes
        runner.job_work(job_id=job.pk, token=TOKEN)
        job.refresh_from_db()
    last = Entry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with acting(sandbox.user):
        assert jobs_services.job_start(job=job)
    work(job)
    made = [(e.action, e.job_id, e.actor) for e in Entry.objects.filter(pk__gt=last)]
    assert made == [("bulk", job.pk, "writer")]
    assert job.rows.filter(status="done").count() >= 2, "the rows ran, making no entries"


def _coupon_job(s):
    promotion = s.a_promotion()
    return jobs_services.job_create(
        connection=s.school,
        user=s.user,
        kind=CouponBulk.name,
        title="120 coupons",
        params=CouponBulk.params(
            promotion=promotion,
            bulk_quantity=120,
            bulk_coupon_code_length=8,
            bulk_quantity_per_coupon=None,
        ),
    )


def _enroll_job(s):
    return jobs_services.job_create(
        connection=s.school,
        user=s.user,
        kind=EnrollBulk.name,
        title="Enroll two",
        params=EnrollBulk.params(
            emails=[s.a_user().email, s.a_user().email],
            courses=[(s.course.id, s.course.name)],
            activated_at=None,
            expiry_date=None,
            create_unknown=False,
        ),
    )


def _import_job(s):
    rows = [
        {"first_name": "Im", "last_name": f"Port{n}", "email": f"{stamp()}{n}@example.com"}
        for n in range(2)
    ]
    return jobs_services.job_create(
        connection=s.school,
        user=s.user,
        kind=UserImport.name,
        title="Import two",
        params=UserImport.params(
            rows=rows, on_existing="skip", courses=[], send_welcome_email=False
        ),
    )


JOBS = {CouponBulk.name: _coupon_job, EnrollBulk.name: _enroll_job, UserImport.name: _import_job}


def test_the_sandboxs_own_writes_are_no_portal_writes(sandbox):
    """The sandbox runs in the same process, but only the portal's clients are recorded: a
    tool calling the sandbox's API (here `requests`) and its seeding leave no entry."""
    answer = requests.post(
        f"{sandbox.school.api_base_url}/api/public/v1/users",
        json={"first_name": "Tool", "last_name": "Made", "email": f"{stamp()}@example.com"},
        headers={"X-Auth-API-Key": sandbox.school.api_key, "X-Auth-Subdomain": "history-writes"},
        timeout=10,
    )
    assert answer.status_code == 201
    assert not Entry.objects.exists()


def test_reads_and_the_consoles_reads_leave_none(sandbox):
    from apps.console.services import call_send

    client = sandbox.client()
    before = Entry.objects.count()
    client.users.list(limit=5)
    call_send(
        client=client,
        connection=sandbox.school,
        user=sandbox.user,
        call=ApiCall("GET", "/v1/users"),
    )
    assert Entry.objects.count() == before
