"""Events and watches in Django's admin: to look at, never to edit.

A watch is changed on the portal's watch pages, which also register its webhooks on
Thinkific; an event is what Thinkific sent and stays as it arrived.
"""

from django.contrib import admin

from apps.core import display
from apps.core.admin import ReadOnlyAdmin
from apps.webhooks import topics
from apps.webhooks.models import Event, MissedEvent, Watch, WatchCheck


class TopicFilter(admin.SimpleListFilter):
    """The known topics, without asking a large table for its distinct values."""

    title = "topic"
    parameter_name = "topic"

    def lookups(self, request, model_admin):
        return topics.choices()

    def queryset(self, request, queryset):
        return queryset.filter(topic=self.value()) if self.value() else queryset


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ("received_at", "connection", "topic", "event_id", "redeliveries", "followup")
    list_filter = ("connection", TopicFilter, "followup")
    list_select_related = ("connection",)
    search_fields = ("=event_id",)
    show_full_result_count = False  # no second COUNT(*) over every event
    # The stored headers never held credentials (receiver.stored_headers).
    fields = (
        "connection",
        "event_id",
        "topic",
        "resource",
        "action",
        "occurred",
        "received_at",
        "redeliveries",
        "last_redelivered_at",
        "remote_addr",
        "reconstructed",
        "followup",
        "followup_attempts",
        "followup_at",
        "followup_due_at",
        "followup_error",
        "followup_changes",
        "payload",
        "body",
        "headers",
    )
    readonly_fields = ("occurred",)

    @admin.display(description="occurred at")
    def occurred(self, obj: Event) -> str:
        # From Thinkific's envelope, so possibly year 9999: the admin's own display of a
        # date-time would fail where the staff member's clock leaves the calendar.
        return display.when(obj.occurred_at) or "-"


@admin.register(Watch)
class WatchAdmin(ReadOnlyAdmin):
    list_display = ("name", "connection", "topic_list", "updated_at")
    list_filter = ("connection",)
    list_select_related = ("connection",)
    search_fields = ("name",)
    fields = ("connection", "name", "topics", "created_at", "updated_at")

    @admin.display(description="Events")
    def topic_list(self, obj: Watch) -> str:
        return ", ".join(obj.topic_labels)


@admin.register(MissedEvent)
class MissedEventAdmin(ReadOnlyAdmin):
    list_display = ("found_at", "connection", "topic", "record_id", "summary", "event")
    list_filter = ("connection", "topic")
    list_select_related = ("connection", "event")
    fields = (
        "connection",
        "topic",
        "record_id",
        "summary",
        "found_at",
        "since",
        "changed_at",
        "payload",
        "event",
    )


@admin.register(WatchCheck)
class WatchCheckAdmin(ReadOnlyAdmin):
    list_display = ("queued_at", "connection", "outcome", "checked_at", "message")
    list_filter = ("connection", "outcome")
    list_select_related = ("connection",)
    fields = ("connection", "queued_at", "checked_at", "outcome", "message", "repairs")
