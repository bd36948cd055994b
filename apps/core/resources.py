"""The resources of a school the portal has pages for: the one place that declares them.

An entry gives the resource its permissions (`core.<action>_<name>`, created after
`migrate`), its sidebar entry and its URLs (`/s/<school>/<prefix>/`, namespace `<name>`).
Adding a resource is one entry here and its app in INSTALLED_APPS; an entry whose app is
not installed yet still has its permissions (other pages check them), but no URLs or entry.
The entry also tells the history of changes (apps.history) which API paths are the
resource's, how to name a record from its API fields and which fields are secret; the
resource's forms module registers its forms (`register_forms`; the history's AppConfig
imports every app's forms), so that the history calls each field by its form's label, and
a choice by the words the form offers.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.apps import apps

ACTIONS = ("view", "add", "change", "delete")
# The standard pages each action opens: (URL name, path under the resource's prefix); the
# view serving one is `<singular>_<URL name>` in the app's views, `<id>` its record's id.
PAGES = {
    "view": (("list", ""), ("detail", "<id>/")),
    "add": (("create", "new/"),),
    "change": (("edit", "<id>/edit/"),),
    "delete": (("delete", "<id>/delete/"),),
}


@dataclass(frozen=True)
class PortalResource:
    name: str  # "users": the URL namespace and the permissions' suffix
    singular: str  # "user", in headings and messages
    label: str  # "Users", in the sidebar and breadcrumbs
    actions: tuple[str, ...] = ACTIONS
    prefix: str = ""  # the URL under /s/<school>/ when not `name`
    in_sidebar: bool = True
    name_field: str = "name"  # the record's field that names it in headings and messages
    # For the history of changes (apps.history):
    api_path: str = ""  # its records' path in Thinkific's API when not `name`: "collections"
    member_paths: tuple[str, ...] = ()  # other API paths of one record's parts, by its id
    parent_field: str = ""  # the field (or query parameter) naming the record it is under
    title: str = ""  # a record's readable name from its API fields, when not `name_field`'s
    secret_fields: tuple[str, ...] = ()  # fields whose values the history never keeps

    @property
    def app(self) -> str:
        return f"apps.{self.name}"

    @property
    def url_prefix(self) -> str:
        return self.prefix or self.name

    @property
    def installed(self) -> bool:
        return apps.is_installed(self.app)

    @property
    def a_singular(self) -> str:
        """ "a user", "an instructor"."""
        return f"{'an' if self.singular[0] in 'aeio' else 'a'} {self.singular}"

    @property
    def api_paths(self) -> tuple[str, ...]:
        return (self.api_path or self.name, *self.member_paths)

    def title_of(self, data: dict) -> str:
        """A record's readable name from its API fields ("" when they do not name it)."""
        fields = {key: "" if value is None else value for key, value in data.items()}
        try:
            return " ".join(self.title.format_map(fields).split()) if self.title else ""
        except (KeyError, ValueError, IndexError, AttributeError):
            return ""

    def name_of(self, record) -> str:
        return str(getattr(record, self.name_field, "") or f"#{record.id}")

    def pages(self, views, *extra) -> list:
        """The app's urlpatterns: its standard pages (see PAGES), as many as its actions
        allow, served by `views`, then the `extra` paths of its own."""
        from django.urls import path

        record = f"<thinkific_id:{self.singular}_id>"
        return [
            path(
                route.replace("<id>", record), getattr(views, f"{self.singular}_{name}"), name=name
            )
            for action in self.actions
            for name, route in PAGES[action]
        ] + list(extra)

    def record_pages(self, user) -> list[str]:
        """The pages of a record ("edit", "delete") that `user` may open."""
        return [
            page
            for action, page in (("change", "edit"), ("delete", "delete"))
            if action in self.actions and user.has_perm(self.permission(action))
        ]

    def permission(self, action: str) -> str:
        """`core.view_users`: what `school_view` and the templates' `perms` check."""
        assert action in self.actions, f"{self.name} has no {action} pages"
        return f"core.{action}_{self.name}"


RESOURCES = (
    PortalResource(
        "users",
        "user",
        "Users",
        title="{first_name} {last_name} ({email})",
        secret_fields=("password",),
    ),
    PortalResource("instructors", "instructor", "Instructors", title="{first_name} {last_name}"),
    PortalResource(
        "categories",
        "category",
        "Categories",
        api_path="collections",
        member_paths=("collection_memberships",),
        title="{name}",
    ),
    PortalResource("promotions", "promotion", "Promotions", title="{name}"),
    PortalResource(
        "coupons",
        "coupon",
        "Coupons",
        prefix="promotions/<thinkific_id:promotion_id>/coupons",
        in_sidebar=False,
        name_field="code",
        parent_field="promotion_id",
        title="{code}",
    ),
    PortalResource("courses", "course", "Courses", actions=("view",), title="{name}"),
    PortalResource("products", "product", "Products", actions=("view",), title="{name}"),
    # Orders come from checkouts; Thinkific deletes no enrollment ("Expire now" instead).
    PortalResource(
        "orders", "order", "Orders", actions=("view",), title="{product_name} by {user_email}"
    ),
    PortalResource(
        "enrollments",
        "enrollment",
        "Enrollments",
        actions=("view", "add", "change"),
        title="{user_name} in {course_name}",
    ),
)
BY_NAME = {resource.name: resource for resource in RESOURCES}


def resource(name: str) -> PortalResource:
    return BY_NAME[name]


# The forms each resource's records are written with, by resource name (see register_forms).
_FORMS: dict[str, list[type[forms.BaseForm]]] = {}


def register_forms(name: str, *form_classes: type[forms.BaseForm]) -> None:
    """`name`'s records are written with these forms (the first listed wins a field both
    have): the one source of the labels and choices the history shows. The app registers
    them, since a lower layer never imports a resource app's forms."""
    registered = _FORMS.setdefault(name, [])
    registered.extend(cls for cls in form_classes if cls not in registered)


def form_field(name: str, field: str) -> forms.Field | None:
    """The field `field` of `name`'s registered forms (None when none has it)."""
    for form_class in _FORMS.get(name, ()):
        if field in form_class.base_fields:
            return form_class.base_fields[field]
    return None


# Portal permissions that belong to no resource, created with theirs.
OTHER_PERMISSIONS = (
    ("view_history", "Can view a school's history of changes"),
    ("replay_events", "Can retry and replay the follow-up of stored events"),
)


def permissions() -> list[tuple[str, str]]:
    """(codename, name) of every resource's permissions, and the other portal ones."""
    return [
        *(
            (f"{action}_{r.name}", f"Can {action} {r.label.lower()}")
            for r in RESOURCES
            for action in r.actions
        ),
        *OTHER_PERMISSIONS,
    ]


def create_permissions(**kwargs) -> None:
    """After `migrate`: the resources' permissions, on the portal's permission holder."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    from apps.core.models import Access

    content_type = ContentType.objects.get_for_model(Access, for_concrete_model=False)
    known = set(
        Permission.objects.filter(content_type=content_type).values_list("codename", flat=True)
    )
    Permission.objects.bulk_create(
        Permission(codename=codename, name=name, content_type=content_type)
        for codename, name in permissions()
        if codename not in known
    )


def urlpatterns() -> list:
    """`/s/<school>/<prefix>/` for each installed resource (for the project's urls.py),
    in the namespace of its name."""
    from django.urls import include, path

    return [
        path(f"s/<slug:school>/{r.url_prefix}/", include((f"{r.app}.urls", r.name)))
        for r in RESOURCES
        if r.installed
    ]
