"""What every part of the generator shares: the school being built, the dice, the clock."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from apps.sandbox import models as m

# Generated history spans the three years before this, whatever today is: reproducible.
HISTORY_END = datetime(2026, 1, 1, tzinfo=UTC)
HISTORY_START = HISTORY_END - timedelta(days=3 * 365)
BATCH = 2000


@dataclass(frozen=True)
class Sizes:
    """How much to generate; the defaults are a 2,000-user school's."""

    users: int = 2000
    instructors: int = 104
    categories: int = 12
    courses: int = 40
    bundles: int = 4
    promotions: int = 10
    groups: int = 15
    enrollments: int = 5000
    orders: int = 1500

    @classmethod
    def for_users(cls, users: int) -> Sizes:
        """Per-user records grow with the users; the catalogue with their square root."""
        growth = (users / 2000) ** 0.5

        def grown(base: int, least: int) -> int:
            return max(least, round(base * growth))

        return cls(
            users=users,
            instructors=grown(104, 2),
            categories=min(12, grown(12, 3)),
            courses=grown(40, 3),
            bundles=grown(4, 1),
            promotions=grown(10, 2),
            groups=grown(15, 2),
            enrollments=round(users * 2.5),
            orders=round(users * 0.75),
        )


@dataclass
class Demo:
    """The school being filled, its random source, and what earlier parts created."""

    school: m.School
    sizes: Sizes
    rng: random.Random
    users: list[m.User] = field(default_factory=list)
    instructors: list[m.Instructor] = field(default_factory=list)
    courses: list[m.Course] = field(default_factory=list)
    price_of: dict[int, Decimal] = field(default_factory=dict)  # course id -> price
    content_count: dict[int, int] = field(default_factory=dict)  # course id -> contents
    coupons: list[m.Coupon] = field(default_factory=list)
    enrolled: list[m.Enrollment] = field(default_factory=list)

    @classmethod
    def start(cls, school: m.School, sizes: Sizes, seed: int) -> Demo:
        rng = random.Random(seed)  # noqa: S311 (reproducible demo data, not secrets)
        return cls(school=school, sizes=sizes, rng=rng)

    def moment(self, start: datetime = HISTORY_START, end: datetime = HISTORY_END) -> datetime:
        span = max(0.0, (end - start).total_seconds())
        return start + timedelta(seconds=self.rng.uniform(0, span))

    def weighted(self, pairs) -> Any:
        values, weights = zip(*pairs, strict=True)
        return self.rng.choices(values, weights=weights)[0]

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability


def save(model, rows) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH)
