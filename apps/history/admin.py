"""History entries in Django's admin: to look at, never to add, change or delete."""

from django.contrib import admin

from apps.history.models import Entry


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ("at", "connection", "actor", "action", "resource", "record_name", "outcome")
    list_filter = ("action", "outcome", "source", "connection")
    search_fields = ("record_name", "record_id", "actor", "path")
    date_hierarchy = "at"
    list_select_related = ("connection",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
