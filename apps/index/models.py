"""The school index: a local copy of each school's records, for finding and listing.

Every row belongs to one school (`connection`, deleted with it) and carries Thinkific's
id, when it was last seen (in a sync, an event or one of the portal's own writes) and the
moment its content reflects (`as_of`): an event older than that never changes it.
`search` is the row's words lowercased, matched by substring: `pg_trgm` on PostgreSQL,
an FTS5 trigram table on SQLite (see migrations/0002_search.py and `apps.index.search`).
Detail pages and writes never read these rows: they go to Thinkific live.
"""

from django.db import models

from apps.connections.models import Connection


class SchoolIndex(models.Model):
    """A school's index: how far its sync is, and how fresh each resource is."""

    connection = models.OneToOneField(Connection, on_delete=models.CASCADE, related_name="index")
    # Set once the first full pass ended: from then on lists are served from the index.
    ready_at = models.DateTimeField(null=True, blank=True)
    # The full pass in progress (started_at set) and its cursor per resource:
    # {"users": {"page": 3, "pages": 40, "items": 10000, "done": 500, "finished": false}}.
    pass_started_at = models.DateTimeField(null=True, blank=True)
    progress = models.JSONField(default=dict, blank=True)
    last_full_at = models.DateTimeField(null=True, blank=True)
    # When each resource was last read whole or incrementally: {"users": iso time, ...}.
    read_at = models.JSONField(default=dict, blank=True)
    # Enrollments changed up to this moment are in the index (`query[updated_after]`).
    enrollments_through = models.DateTimeField(null=True, blank=True)
    calls = models.PositiveIntegerField(default=0, help_text="Calls of the last full pass.")
    error = models.TextField(blank=True)
    lease_token = models.CharField(max_length=32, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "school indexes"

    def __str__(self) -> str:
        return f"Index of {self.connection_id}"

    @property
    def is_ready(self) -> bool:
        return self.ready_at is not None

    @property
    def is_syncing(self) -> bool:
        return self.pass_started_at is not None


class Indexed(models.Model):
    # Named apart from `id`, which is Thinkific's (as on the live records the templates show).
    row_id = models.BigAutoField(primary_key=True)
    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="+")
    thinkific_id = models.BigIntegerField()
    seen_at = models.DateTimeField()
    # The moment on Thinkific the row's content reflects: a read's start, an event's time,
    # a write's answer. Null: not known (rows from before it was kept).
    as_of = models.DateTimeField(null=True, blank=True)
    search = models.TextField(blank=True)

    SEARCHED: tuple[str, ...] = ()  # the fields whose words `search` holds

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.thinkific_id}"

    @property
    def id(self) -> int:  # the templates of the live lists link by Thinkific's id
        return self.thinkific_id


def _unique(name: str) -> list:
    return [models.UniqueConstraint(fields=["connection", "thinkific_id"], name=name)]


class IndexedUser(Indexed):
    SEARCHED = ("full_name", "email", "company")
    first_name = models.CharField(max_length=255, blank=True)
    last_name = models.CharField(max_length=255, blank=True)
    full_name = models.CharField(max_length=512, blank=True)
    email = models.CharField(max_length=254, blank=True)
    company = models.CharField(max_length=255, blank=True)
    roles = models.JSONField(default=list, blank=True)
    external_source = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "index_user"
        constraints = _unique("index_user_unique")
        indexes = [
            models.Index(
                fields=["connection", "full_name", "thinkific_id"], name="index_user_name"
            ),
            models.Index(fields=["connection", "email", "thinkific_id"], name="index_user_email"),
            models.Index(
                fields=["connection", "created_at", "thinkific_id"], name="index_user_created"
            ),
        ]

    @property
    def name(self) -> str:
        return self.full_name


class IndexedOrder(Indexed):
    SEARCHED = ("user_name", "user_email", "product_name", "coupon_code")
    user_id = models.BigIntegerField(null=True, blank=True)
    user_email = models.CharField(max_length=254, blank=True)
    user_name = models.CharField(max_length=512, blank=True)
    product_id = models.BigIntegerField(null=True, blank=True)
    product_name = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=40, blank=True)
    amount_cents = models.BigIntegerField(null=True, blank=True)
    coupon_code = models.CharField(max_length=255, blank=True)
    subscription = models.BooleanField(default=False)
    created_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "index_order"
        constraints = _unique("index_order_unique")
        indexes = [
            models.Index(
                fields=["connection", "created_at", "thinkific_id"], name="index_order_created"
            ),
            models.Index(
                fields=["connection", "amount_cents", "thinkific_id"], name="index_order_amount"
            ),
            models.Index(fields=["connection", "user_id"], name="index_order_user"),
        ]

    @property
    def amount_dollars(self):
        return None if self.amount_cents is None else self.amount_cents / 100


class IndexedEnrollment(Indexed):
    SEARCHED = ("user_name", "user_email", "course_name")
    user_id = models.BigIntegerField(null=True, blank=True)
    user_email = models.CharField(max_length=254, blank=True)
    user_name = models.CharField(max_length=512, blank=True)
    course_id = models.BigIntegerField(null=True, blank=True)
    course_name = models.CharField(max_length=255, blank=True)
    percentage_completed = models.DecimalField(max_digits=7, decimal_places=4, null=True)
    completed = models.BooleanField(default=False)
    is_free_trial = models.BooleanField(default=False)
    activated_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    expiry_date = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "index_enrollment"
        constraints = _unique("index_enrollment_unique")
        indexes = [
            models.Index(
                fields=["connection", "created_at", "thinkific_id"],
                name="index_enrollment_created",
            ),
            models.Index(fields=["connection", "user_id"], name="index_enrollment_user"),
            models.Index(fields=["connection", "course_id"], name="index_enrollment_course"),
            models.Index(
                fields=["connection", "user_name", "thinkific_id"],
                name="index_enrollment_by_user",
            ),
            models.Index(
                fields=["connection", "course_name", "thinkific_id"],
                name="index_enrollment_by_course",
            ),
        ]

    @property
    def expired(self) -> bool:
        from django.utils import timezone

        return self.expiry_date is not None and self.expiry_date <= timezone.now()


class IndexedInstructor(Indexed):
    SEARCHED = ("first_name", "last_name", "email")
    first_name = models.CharField(max_length=255, blank=True)
    last_name = models.CharField(max_length=255, blank=True)
    email = models.CharField(max_length=254, blank=True)
    title = models.CharField(max_length=255, blank=True)
    slug = models.CharField(max_length=255, blank=True)
    avatar_url = models.CharField(max_length=1000, blank=True)
    user_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "index_instructor"
        constraints = _unique("index_instructor_unique")

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class IndexedName(Indexed):
    """The name of a course, product, category or group: enough to show and filter by."""

    class Kind(models.TextChoices):
        COURSE = "course", "Course"
        PRODUCT = "product", "Product"
        CATEGORY = "category", "Category"
        GROUP = "group", "Group"

    SEARCHED = ("name",)

    kind = models.CharField(max_length=10, choices=Kind)
    name = models.CharField(max_length=255, blank=True)

    class Meta:
        db_table = "index_name"
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "kind", "thinkific_id"], name="index_name_unique"
            )
        ]
