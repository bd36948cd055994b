"""Bulk-created coupons: Thinkific's bulk endpoint, called for one chunk of codes per row."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from apps.jobs.kinds import Kind, Outcome, Planned, register

MAX_COUPONS = 1000
CHUNK = 50  # coupons per call: small enough that the progress bar moves
# Thinkific's clock may differ from ours: a coupon this much older than the row's start
# may still be the row's.
CLOCK_SLACK = timedelta(minutes=1)


@register
class CouponBulk(Kind):
    name = "coupon_bulk"
    label = "Bulk create coupons"
    permission = "core.add_coupons"
    csv_header = ("code", "uses", "promotion_id", "coupon_id")

    @staticmethod
    def params(*, promotion, bulk_quantity, bulk_coupon_code_length, bulk_quantity_per_coupon):
        return {
            "promotion_id": promotion.id,
            "promotion_name": promotion.name,
            "bulk_quantity": bulk_quantity,
            "bulk_coupon_code_length": bulk_coupon_code_length,
            "bulk_quantity_per_coupon": bulk_quantity_per_coupon,
        }

    def plan(self, job, client) -> Iterator[Planned]:
        params, left = job.params, job.params["bulk_quantity"]
        uses = params["bulk_quantity_per_coupon"]
        each = f"{uses} use{'s' if uses != 1 else ''} each" if uses else "unlimited uses"
        while left > 0:
            count = min(CHUNK, left)
            left -= count
            length = params["bulk_coupon_code_length"]
            yield Planned(
                {"count": count},
                f"Will create {_coupons(count)} with {length}-character codes, {each}.",
            )

    def run_row(self, job, row, client) -> Outcome:
        params = job.params
        coupons = client.coupons.bulk_create(
            params["promotion_id"],
            bulk_quantity=row.input["count"],
            bulk_coupon_code_length=params["bulk_coupon_code_length"],
            bulk_quantity_per_coupon=params["bulk_quantity_per_coupon"],
        )
        return _created(coupons)

    def recover(self, job, row, client) -> Outcome | None:
        """The row's coupons if exactly as many new ones of its code length, created since
        it started and claimed by no other row, are on the promotion; else None."""
        claimed = {
            coupon["id"]
            for result in job.rows.exclude(pk=row.pk).values_list("result", flat=True)
            for coupon in result.get("coupons", [])
        }
        since = row.started_at - CLOCK_SLACK
        found = [
            coupon
            for coupon in client.coupons.all(job.params["promotion_id"])
            if coupon.id not in claimed
            and coupon.created_at is not None
            and coupon.created_at >= since
            and len(coupon.code) == job.params["bulk_coupon_code_length"]
        ]
        if len(found) != row.input["count"]:
            return None
        outcome = _created(found)
        return Outcome(f"{outcome.message} (found after an interruption)", outcome.result)

    def result_list(self, row) -> list[str]:
        return [coupon["code"] for coupon in row.result.get("coupons", [])]

    def csv_rows(self, job, row) -> Iterator[list]:
        for coupon in row.result.get("coupons", []):
            uses = coupon["quantity"] if coupon["quantity"] is not None else "unlimited"
            yield [coupon["code"], uses, job.params["promotion_id"], coupon["id"]]


def _created(coupons) -> Outcome:
    result = [{"id": c.id, "code": c.code, "quantity": c.quantity} for c in coupons]
    return Outcome(f"Created {_coupons(len(result))}.", {"coupons": result})


def _coupons(count: int) -> str:
    return f"{count} coupon{'s' if count != 1 else ''}"


def promotion_get(*, client, promotion_id: int):
    """The promotion the coupons are for (its name heads the pages)."""
    return client.promotions.get(promotion_id)
