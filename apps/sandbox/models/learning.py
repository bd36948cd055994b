"""Who learns what: enrollments and course reviews."""

from decimal import Decimal

from django.db import models
from django.utils import timezone

from apps.sandbox.models.base import school_field, school_index
from apps.sandbox.models.catalog import Course
from apps.sandbox.models.people import User


class Enrollment(models.Model):
    school = school_field()
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="enrollments")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrollments")
    is_free_trial = models.BooleanField(default=False)
    activated_at = models.DateTimeField(null=True, blank=True)
    expiry_date = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    percentage_completed = models.DecimalField(
        max_digits=5, decimal_places=4, default=Decimal("0")
    )  # 0 to 1
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            school_index("enrollment"),
            school_index("enr", "user"),
            school_index("enr", "course"),
            school_index("enr", "created_at"),
            school_index("enr", "updated_at"),
            # Covers the free_trial / full / completed / expired filters and their counts.
            school_index("enr", "is_free_trial", "completed_at", "expiry_date"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="sbx_enrollment_unique")
        ]

    def __str__(self) -> str:
        return f"enrollment #{self.pk}"

    @property
    def completed(self) -> bool:
        return self.completed_at is not None

    @property
    def expired(self) -> bool:
        return self.expiry_date is not None and self.expiry_date <= timezone.now()


class CourseReview(models.Model):
    school = school_field()
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="reviews")
    user = models.ForeignKey(User, on_delete=models.CASCADE)
    rating = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=255)
    review_text = models.TextField()
    approved = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [school_index("review"), school_index("review", "course")]

    def __str__(self) -> str:
        return f"{self.rating}/5: {self.title}"
