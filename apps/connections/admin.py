from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.html import conditional_escape, format_html
from django.views.decorators.debug import sensitive_post_parameters

from apps.connections.models import Connection
from apps.connections.services import connection_check

SECRET_FIELDS = ("api_key", "oauth_client_secret")
# A change of these is a new way in: the connection is checked once saved.
CONNECTING_FIELDS = ("subdomain", "auth_type", "api_key", "api_base_url", "is_active")


class ConnectionForm(forms.ModelForm):
    """Secrets are write-only: never rendered back; left blank, the stored value stays
    unless its "clear" box is ticked."""

    clear_api_key = forms.BooleanField(required=False, label="Clear the stored API key")
    clear_oauth_client_secret = forms.BooleanField(
        required=False, label="Clear the stored client secret"
    )

    class Meta:
        model = Connection
        fields = (
            "name",
            "slug",
            "subdomain",
            "is_active",
            "members",
            "auth_type",
            "api_key",
            "oauth_client_id",
            "oauth_client_secret",
            "api_base_url",
            "oauth_base_url",
        )
        widgets = {
            name: forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"})
            for name in SECRET_FIELDS
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in SECRET_FIELDS:
            field = self.fields[name]
            field.required = False
            field.strip = True
            if self.instance.pk and getattr(self.instance, name):
                field.help_text = (
                    "A value is stored. Leave blank to keep it; type a new one to replace it."
                )
        for field in self.fields.values():  # the admin renders help texts as HTML
            field.help_text = conditional_escape(field.help_text)

    def clean_subdomain(self):
        return self.cleaned_data["subdomain"].strip().lower()

    def clean(self):
        data = super().clean()
        stored = Connection.objects.filter(pk=self.instance.pk).first()
        for name in SECRET_FIELDS:
            if data.get(f"clear_{name}"):
                if data.get(name):
                    self.add_error(name, "Type a new value or clear the stored one, not both.")
                data[name] = ""
            elif not data.get(name) and stored:
                data[name] = getattr(stored, name)
        auth_type = data.get("auth_type")
        if auth_type == Connection.AuthType.API_KEY and not data.get("api_key"):
            self.add_error("api_key", "An API key is needed for API-key connections.")
        if auth_type == Connection.AuthType.OAUTH and not data.get("oauth_client_id"):
            self.add_error("oauth_client_id", "The OAuth app's client ID is needed.")
        return data


@admin.register(Connection)
class ConnectionAdmin(admin.ModelAdmin):
    form = ConnectionForm
    list_display = (
        "name",
        "slug",
        "subdomain",
        "auth_type",
        "is_active",
        "health",
        "last_checked_at",
    )
    list_filter = ("auth_type", "is_active", "last_check_ok")
    search_fields = ("name", "slug", "subdomain")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("members",)
    actions = ["check_connections"]

    class Media:
        js = ("js/connection_admin.js",)  # shows only the chosen auth type's fields

    readonly_fields = (
        "receiver_url_display",
        "oauth_connect",
        "token_expires_at",
        "last_checked_at",
        "last_check_message",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("name", "slug", "subdomain", "is_active", "members")}),
        (
            "Credentials",
            {
                "fields": (
                    "auth_type",
                    "api_key",
                    "clear_api_key",
                    "oauth_client_id",
                    "oauth_client_secret",
                    "clear_oauth_client_secret",
                    "oauth_connect",
                    "token_expires_at",
                )
            },
        ),
        (
            "Where Thinkific is",
            {"classes": ("collapse",), "fields": ("api_base_url", "oauth_base_url")},
        ),
        ("Webhooks", {"fields": ("receiver_url_display",)}),
        (
            "Status",
            {"fields": ("last_checked_at", "last_check_message", "created_at", "updated_at")},
        ),
    )

    @method_decorator(sensitive_post_parameters(*SECRET_FIELDS))
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        # Compared as stored: a blank secret field keeps the stored secret, yet counts as
        # changed in the form.
        before = Connection.objects.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        connecting = before is None or any(
            getattr(before, name) != getattr(obj, name) for name in CONNECTING_FIELDS
        )
        if obj.has_credentials and connecting:
            # After the commit: a transaction must not wait on Thinkific.
            transaction.on_commit(lambda: self._check(request, obj))

    def _check(self, request, connection: Connection) -> None:
        result = connection_check(connection=connection)
        level = messages.SUCCESS if result.ok else messages.ERROR
        self.message_user(request, f"{connection.name}: {result.message}", level)

    @admin.display(description="Health", boolean=True, ordering="last_check_ok")
    def health(self, obj):
        return obj.last_check_ok

    @admin.display(description="Webhook receiver URL")
    def receiver_url_display(self, obj):
        if not obj.pk:
            return "Shown once the connection is saved."
        return format_html("<code>{}</code>", obj.receiver_url)

    @admin.display(description="Connect with Thinkific")
    def oauth_connect(self, obj):
        if not obj.pk:
            return "Save the connection first, then connect."
        if obj.auth_type != Connection.AuthType.OAUTH:
            return "For OAuth-app connections: choose that auth type, save, then connect."
        if not obj.oauth_client_id:
            return "Give the OAuth app's client ID and secret, save, then connect."
        state = "Connected; reconnect" if obj.access_token else "Connect with Thinkific"
        return format_html(
            '<a class="button" href="{}">{}</a>',
            reverse("connections:oauth_connect", args=[obj.pk]),
            state,
        )

    @admin.action(description="Check connection")
    def check_connections(self, request, queryset):
        for connection in queryset:
            self._check(request, connection)
