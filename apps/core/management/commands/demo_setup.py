"""Prepares a fresh install for `make run`: a demo admin and a demo school on the sandbox.

Everything is created once; a second run changes nothing and prints no password.
"""

import io
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import BaseCommand

from apps.connections.models import Connection
from apps.connections.services import sandbox_school_connect
from apps.core.demo import DEMO_ADMIN
from apps.webhooks.models import Watch
from apps.webhooks.services import watch_create_unregistered
from apps.webhooks.tasks import webhooks_sync_later

DEMO_SUBDOMAIN = "demo-academy"
DEMO_WATCHES = {
    "Sales and enrollments": [
        "order.created",
        "enrollment.created",
        "enrollment.trial",
        "enrollment.completed",
    ],
    "Students": ["user.signup", "user.signin", "enrollment.progress", "lesson.completed"],
}


class Command(BaseCommand):
    help = "Create a demo admin (only when no user exists) and a demo school on the sandbox."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--reset", action="store_true", help="Rebuild the demo school's records (RESET=1)."
        )

    def handle(self, *args, port: int, reset: bool, **options):
        admin = self._admin(port)
        if not settings.SANDBOX_ENABLED:
            self.stdout.write("SANDBOX_ENABLED is off: no demo school.")
            return
        seeded = io.StringIO()
        connection, created = sandbox_school_connect(
            subdomain=DEMO_SUBDOMAIN,
            slug="demo",
            base_url=f"http://127.0.0.1:{port}",
            seed={"name": "Demo Academy", "reset": reset},
            stdout=seeded,
        )
        # Said in make's words: `make run` passes no options through to sandbox_seed.
        self.stdout.write(seeded.getvalue().replace("--reset", "make run RESET=1"), ending="")
        if admin:
            connection.members.add(admin)
        if created:
            self.stdout.write(f"Created the demo school connection '{connection.name}' (/s/demo/).")
        self._watches(connection)

    def _watches(self, connection: Connection) -> None:
        """Watches that make the demo's activity feed move, the first time round."""
        if not Watch.objects.filter(connection=connection).exists():
            for name, topics in DEMO_WATCHES.items():
                watch_create_unregistered(connection=connection, name=name, topics=topics)
            self.stdout.write("Created the demo school's watches (see /s/demo/watches/).")
        # Registered in the background: the sandbox answers only once the server runs. On
        # every run, so that a new port or PUBLIC_BASE_URL moves the webhooks along.
        webhooks_sync_later.enqueue(connection.pk)

    def _admin(self, port: int):
        User = get_user_model()
        if User.objects.exists():
            return User.objects.filter(is_superuser=True).order_by("pk").first()
        password = secrets.token_urlsafe(12)
        admin = User.objects.create_superuser(DEMO_ADMIN, "admin@example.com", password)
        self.stdout.write(
            self.style.SUCCESS(
                f"\n  Demo admin created. Log in at http://127.0.0.1:{port}/ with\n"
                f"    username: {DEMO_ADMIN}\n    password: {password}\n"
                f"  (shown only this once; `manage.py changepassword {DEMO_ADMIN}`"
                " sets a new one)\n"
            )
        )
        return admin
