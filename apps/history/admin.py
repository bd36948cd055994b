"""History entries in Django's admin: to look at, never to add, change or delete; staff
who are not superusers, only their own schools' entries, as on the portal's pages."""

from django.contrib import admin

from apps.connections.models import Connection
from apps.connections.selectors import connection_list_for
from apps.core.admin import ReadOnlyAdmin
from apps.history.models import Entry


class SchoolFilter(admin.RelatedFieldListFilter):
    """The schools whose entries the user may see, not the names of every school."""

    def field_choices(self, field, request, model_admin):
        user = request.user
        schools = Connection.objects.all() if user.is_superuser else connection_list_for(user=user)
        return [(school.pk, str(school)) for school in schools.order_by("name")]


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "connection", "actor", "action", "resource", "record_name", "outcome")
    list_filter = ("action", "outcome", "source", ("connection", SchoolFilter))
    search_fields = ("record_name", "record_id", "actor", "path")
    date_hierarchy = "at"
    list_select_related = ("connection",)

    def get_queryset(self, request):
        """A superuser's: every entry. Other staff's: those of the schools they may use on
        the portal (active, and theirs); another school's entry is not found, even by id."""
        entries = super().get_queryset(request)
        if request.user.is_superuser:
            return entries
        return entries.filter(connection__in=connection_list_for(user=request.user))
