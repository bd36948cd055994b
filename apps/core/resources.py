"""The resources of a school the portal has pages for: the one place that declares them.

An entry gives the resource its permissions (`core.<action>_<name>`, created after
`migrate`), its sidebar entry and its URLs (`/s/<school>/<prefix>/`, namespace `<name>`).
Adding a resource is one entry here and its app in INSTALLED_APPS; an entry whose app is
not installed yet still has its permissions (other pages check them), but no URLs or entry.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    PortalResource("users", "user", "Users"),
    PortalResource("instructors", "instructor", "Instructors"),
    PortalResource("categories", "category", "Categories"),
    PortalResource("promotions", "promotion", "Promotions"),
    PortalResource(
        "coupons",
        "coupon",
        "Coupons",
        prefix="promotions/<thinkific_id:promotion_id>/coupons",
        in_sidebar=False,
        name_field="code",
    ),
    PortalResource("courses", "course", "Courses", actions=("view",)),
    PortalResource("products", "product", "Products", actions=("view",)),
    # Orders come from checkouts; Thinkific deletes no enrollment ("Expire now" instead).
    PortalResource("orders", "order", "Orders", actions=("view",)),
    PortalResource("enrollments", "enrollment", "Enrollments", actions=("view", "add", "change")),
)
BY_NAME = {resource.name: resource for resource in RESOURCES}


def resource(name: str) -> PortalResource:
    return BY_NAME[name]


def permissions() -> list[tuple[str, str]]:
    """(codename, name) of every resource's permissions."""
    return [
        (f"{action}_{r.name}", f"Can {action} {r.label.lower()}")
        for r in RESOURCES
        for action in r.actions
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
