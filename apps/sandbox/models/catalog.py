"""What a school sells: products (courses and bundles), their prices, categories and content."""

from django.db import models
from django.utils import timezone

from apps.sandbox.models.base import optional_char, optional_text, school_field, school_index
from apps.sandbox.models.people import Instructor, User

CONTENT_TYPES = (
    "Assignment",
    "Audio",
    "Download",
    "BrilliumExam",
    "Disqus",
    "HtmlItem",
    "Iframe",
    "LiveLesson",
    "Lesson",
    "Pdf",
    "Presentation",
    "Quiz",
    "Survey",
)


class Product(models.Model):
    """What is sold: a course or a bundle (`productable`)."""

    school = school_field()
    productable_type = models.CharField(max_length=10, default="Course")
    name = models.CharField(max_length=255)
    slug = models.CharField(max_length=255)
    status = models.CharField(max_length=20, default="published")
    price = models.DecimalField(max_digits=10, decimal_places=2, default=0)
    position = models.PositiveIntegerField(default=0)
    private = models.BooleanField(default=False)
    hidden = models.BooleanField(default=False)
    subscription = models.BooleanField(default=False)
    days_until_expiry = models.PositiveIntegerField(null=True, blank=True)
    has_certificate = models.BooleanField(default=False)
    keywords = optional_char()
    seo_title = optional_char()
    seo_description = optional_text()
    description = optional_text()
    card_image_url = optional_char(500)
    related = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="related_from"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [school_index("product")]

    def __str__(self) -> str:
        return self.name


class ProductPrice(models.Model):
    school = school_field()
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="prices")
    is_primary = models.BooleanField(default=True)
    payment_type = models.CharField(max_length=20, default="one-time")
    label = optional_char()
    price = models.DecimalField(max_digits=10, decimal_places=2, default=0)
    days_until_expiry = models.PositiveIntegerField(null=True, blank=True)
    pay_button_text = optional_char()
    number_of_payments = models.PositiveIntegerField(null=True, blank=True)
    interval = optional_char(10)
    interval_count = models.PositiveIntegerField(null=True, blank=True)
    trial_interval = optional_char(10)
    trial_interval_count = models.PositiveIntegerField(null=True, blank=True)
    custom_first_price = models.DecimalField(max_digits=10, decimal_places=2, null=True)
    currency = models.CharField(max_length=3, default="usd")

    def __str__(self) -> str:
        return f"{self.payment_type} {self.price} {self.currency}"


class Collection(models.Model):
    """A category of products (the API still calls them collections)."""

    school = school_field()
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    slug = models.CharField(max_length=255)
    default = models.BooleanField(default=False)
    products = models.ManyToManyField(Product, related_name="collections", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [school_index("collection")]

    def __str__(self) -> str:
        return self.name


class Course(models.Model):
    school = school_field()
    product = models.OneToOneField(Product, on_delete=models.CASCADE, related_name="course")
    name = models.CharField(max_length=255)
    slug = models.CharField(max_length=255)
    subtitle = optional_char()
    description = optional_text()
    course_card_text = optional_text()
    intro_video_youtube = optional_char()
    contact_information = optional_char()
    keywords = optional_char()
    duration = optional_char(40)
    banner_image_url = optional_char(500)
    course_card_image_url = optional_char(500)
    intro_video_wistia_identifier = optional_char(40)
    reviews_enabled = models.BooleanField(default=True)
    administrators = models.ManyToManyField(User, related_name="administered_courses", blank=True)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL)
    instructor = models.ForeignKey(Instructor, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [school_index("course")]

    def __str__(self) -> str:
        return self.name


class Chapter(models.Model):
    school = school_field()
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="chapters")
    name = models.CharField(max_length=255)
    position = models.PositiveIntegerField(default=0)
    description = optional_text()
    duration_in_seconds = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [school_index("chapter")]
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class Content(models.Model):
    """A lesson, quiz, download ... inside a chapter."""

    school = school_field()
    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="contents")
    name = models.CharField(max_length=255)
    position = models.PositiveIntegerField(default=0)
    contentable_type = models.CharField(max_length=20, default="Lesson")
    free = models.BooleanField(default=False)

    class Meta:
        indexes = [school_index("content")]
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class Bundle(models.Model):
    school = school_field()
    product = models.OneToOneField(Product, on_delete=models.CASCADE, related_name="bundle")
    name = models.CharField(max_length=255)
    description = optional_text()
    tagline = optional_char()
    banner_image_url = optional_char(500)
    bundle_card_image_url = optional_char(500)
    courses = models.ManyToManyField(Course, related_name="bundles")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [school_index("bundle")]

    def __str__(self) -> str:
        return self.name
