"""The sandbox in Django admin: schools (credentials, faults), webhooks, every event and
every delivery attempt, and a read-mostly view of the generated records."""

from django.contrib import admin, messages
from django.utils import timezone

from apps.sandbox import models as m
from apps.sandbox.events import delivery as deliveries


@admin.register(m.School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ("name", "subdomain", "rate_limit", "latency_ms", "error_rate", "forced_status")
    search_fields = ("name", "subdomain")
    readonly_fields = ("gid", "created_at")
    fieldsets = (
        (None, {"fields": ("name", "subdomain", "gid", "created_at")}),
        (
            "Credentials",
            {
                "fields": (
                    "api_key",
                    "oauth_client_id",
                    "oauth_client_secret",
                    "oauth_redirect_uris",
                ),
                "description": "Sandbox credentials; `manage.py sandbox_credentials` prints them.",
            },
        ),
        (
            "Fault injection",
            {
                "fields": ("rate_limit", "latency_ms", "error_rate", "forced_status"),
                "description": "Applied to every Admin API and Webhooks API request.",
            },
        ),
    )


@admin.register(m.Webhook)
class WebhookAdmin(admin.ModelAdmin):
    list_display = ("id", "school", "topic", "target_url", "status", "signing", "created_at")
    list_filter = ("school", "topic", "status")
    search_fields = ("id", "target_url")


class DeliveryAttemptInline(admin.TabularInline):
    model = m.DeliveryAttempt
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "number",
        "attempted_at",
        "status_code",
        "succeeded",
        "duration_ms",
        "error",
        "response_body",
    )

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(m.Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = (
        "pk",
        "event",
        "target_url",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
        "updated_at",
    )
    list_filter = ("status", "school")
    list_select_related = ("event",)
    readonly_fields = [field.name for field in m.Delivery._meta.fields]
    inlines = [DeliveryAttemptInline]
    actions = ["deliver_now"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="Deliver again now")
    def deliver_now(self, request, queryset) -> None:
        count = queryset.update(status=m.Delivery.Status.RETRYING, next_attempt_at=timezone.now())
        for delivery_id in queryset.values_list("pk", flat=True):
            deliveries.enqueue(delivery_id)
        messages.success(request, f"Queued {count} deliveries.")


@admin.register(m.DeliveryAttempt)
class DeliveryAttemptAdmin(admin.ModelAdmin):
    list_display = ("delivery", "number", "attempted_at", "status_code", "succeeded", "duration_ms")
    list_filter = ("succeeded", "status_code")
    readonly_fields = [field.name for field in m.DeliveryAttempt._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(m.Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("id", "school", "resource", "action", "created_at")
    list_filter = ("school", "resource", "action")
    readonly_fields = ("id", "school", "resource", "action", "created_at", "payload")
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False


class SchoolDataAdmin(admin.ModelAdmin):
    """Generated records: filter by school; no full count on the big tables."""

    list_filter = ("school",)
    show_full_result_count = False
    list_per_page = 50


@admin.register(m.User)
class UserAdmin(SchoolDataAdmin):
    list_display = ("pk", "email", "first_name", "last_name", "roles", "created_at")
    search_fields = ("email",)


@admin.register(m.Enrollment)
class EnrollmentAdmin(SchoolDataAdmin):
    list_display = ("pk", "user", "course", "percentage_completed", "is_free_trial", "created_at")
    list_select_related = ("user", "course")
    raw_id_fields = ("user", "course")


@admin.register(m.Order)
class OrderAdmin(SchoolDataAdmin):
    list_display = ("pk", "user", "product", "amount_cents", "coupon_code", "created_at")
    list_select_related = ("user", "product")
    raw_id_fields = ("user", "product", "coupon")


@admin.register(m.Course)
class CourseAdmin(SchoolDataAdmin):
    list_display = ("pk", "name", "instructor", "created_at")
    raw_id_fields = ("product", "user", "instructor", "administrators")


@admin.register(m.Product)
class ProductAdmin(SchoolDataAdmin):
    list_display = ("pk", "name", "productable_type", "price", "status")
    raw_id_fields = ("related",)


@admin.register(m.Promotion)
class PromotionAdmin(SchoolDataAdmin):
    list_display = ("pk", "name", "discount_type", "amount", "starts_at", "expires_at")
    raw_id_fields = ("products",)


@admin.register(m.Coupon)
class CouponAdmin(SchoolDataAdmin):
    list_display = ("pk", "code", "promotion", "quantity", "quantity_used")
    raw_id_fields = ("promotion",)


@admin.register(m.Group)
class GroupAdmin(SchoolDataAdmin):
    list_display = ("pk", "name", "token", "created_at")
    raw_id_fields = ("analysts",)


@admin.register(m.Instructor)
class InstructorAdmin(SchoolDataAdmin):
    list_display = ("pk", "first_name", "last_name", "email")
    raw_id_fields = ("user",)
