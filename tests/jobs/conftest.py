"""Fixtures for the jobs' tests: a coupon bulk job, and a mocked Thinkific."""

from __future__ import annotations

import itertools
import json

import pytest
import responses

from apps.jobs import runner, services
from apps.jobs.coupons import CouponBulk
from apps.jobs.models import Job

API = "https://api.thinkific.com/api/public/v1"
BULK = f"{API}/coupons/bulk_create"
HTMX = {"HX-Request": "true"}
TOKEN = "t" * 16
PROMOTION = {"id": 7, "name": "Summer sale", "discount_type": "percentage", "amount": "20.0"}


class FakeBulk:
    """Thinkific's bulk endpoint: answers `count` coupons with fresh codes, and keeps
    what each call asked for."""

    def __init__(self, api):
        self.bodies: list[dict] = []
        self.ids = itertools.count(1000)
        self.api = api

    def answer(self, request):
        body = json.loads(request.body)
        self.bodies.append(body)
        items = [self.coupon(body) for _ in range(body["bulk_quantity"])]
        return 201, {}, json.dumps({"items": items})

    def coupon(self, body):
        number = next(self.ids)
        length = body.get("bulk_coupon_code_length", 8)
        return {
            "id": number,
            "code": f"C{number}".ljust(length, "X"),
            "note": None,
            "quantity": body.get("bulk_quantity_per_coupon"),
            "quantity_used": 0,
            "promotion_id": 7,
            "created_at": "2030-01-01T00:00:00.000Z",
        }

    def expect(self, times: int = 1):
        for _ in range(times):
            self.api.add_callback(responses.POST, BULK, callback=self.answer)


@pytest.fixture
def bulk(api):
    return FakeBulk(api)


def coupon_job(school, user=None, *, quantity=120, length=8, uses=None, promotion=None) -> Job:
    """A coupon bulk job in its dry run."""
    promotion = promotion or type("Promotion", (), PROMOTION)
    return services.job_create(
        connection=school,
        user=user,
        kind=CouponBulk.name,
        title=f"{quantity} coupons for {promotion.name}",
        params=CouponBulk.params(
            promotion=promotion,
            bulk_quantity=quantity,
            bulk_coupon_code_length=length,
            bulk_quantity_per_coupon=uses,
        ),
    )


def started(job: Job) -> Job:
    assert services.job_start(job=job)
    job.refresh_from_db()
    return job


def work(job: Job, token: str = TOKEN, slices: int = 10) -> runner.Step:
    """What the task does, slice after slice, until it would queue no further one."""
    for _ in range(slices):
        step = runner.job_work(job_id=job.pk, token=token)
        if step.continue_in != 0:
            return step
    raise AssertionError("the job never finished")
