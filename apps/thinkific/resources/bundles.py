"""Bundles: `/bundles/{id}`, several courses sold as one (Thinkific has no bundle list)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Unpack

from apps.thinkific.pagination import Page
from apps.thinkific.records import Record
from apps.thinkific.resources.base import Id, Retrievable, compact, join, query
from apps.thinkific.resources.courses import Course
from apps.thinkific.resources.enrollments import DateFilters, Enrollment, Moment


@dataclass(frozen=True, kw_only=True)
class Bundle(Record):
    id: int
    name: str = ""
    description: str | None = None
    course_ids: tuple[int, ...] = ()
    bundle_card_image_url: str | None = None
    # Deprecated by Thinkific, still sent:
    tagline: str | None = None
    banner_image_url: str | None = None


class BundleEnrollmentFilters(DateFilters, total=False):
    user_id: int
    email: str
    completed: bool
    expired: bool
    updated_on_or_after: Moment  # offered here, not on /enrollments


class Bundles(Retrievable[Bundle]):
    """`client.bundles`."""

    path = "bundles"
    record = Bundle

    def courses(self, bundle_id: Id, *, page: int = 1, limit: int = 25) -> Page[Course]:
        """One page of the bundle's courses."""
        return self._page(
            join(self.path, bundle_id, "courses"), page=page, limit=limit, record=Course
        )

    def enrollments(
        self,
        bundle_id: Id,
        *,
        page: int = 1,
        limit: int = 25,
        **filters: Unpack[BundleEnrollmentFilters],
    ) -> Page[Enrollment]:
        """One page of the enrollments in the bundle's courses, filtered like `/enrollments`."""
        return self._page(
            join(self.path, bundle_id, "enrollments"),
            page=page,
            limit=limit,
            params=query(BundleEnrollmentFilters, filters),
            record=Enrollment,
        )

    def create_enrollment(
        self,
        bundle_id: Id,
        *,
        user_id: int,
        activated_at: datetime | None = None,
        expiry_date: datetime | None = None,
    ) -> None:
        """Enroll a user in the bundle and each of its courses.

        Without `activated_at` the enrollments only open the free preview. Thinkific may do
        it later (202): the enrollments can appear after this returns.
        """
        body = {"user_id": user_id, "activated_at": activated_at, "expiry_date": expiry_date}
        self._request("POST", join(self.path, bundle_id, "enrollments"), json=compact(body))

    def update_enrollment(self, bundle_id: Id, *, user_id: int, **fields: Any) -> None:
        """Change the user's enrollments in the bundle: activated_at, expiry_date."""
        body = {"user_id": user_id, **fields}
        self._request("PUT", join(self.path, bundle_id, "enrollments"), json=body)
