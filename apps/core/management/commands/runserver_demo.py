"""`make run`: the site, the background-task worker and, with the sandbox, live activity."""

import os
import subprocess
import sys

from django.conf import settings
from django.core.management import BaseCommand, call_command


class Command(BaseCommand):
    help = "Serve the portal with its task worker (and the sandbox's simulated activity)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--simulate-rate",
            type=int,
            default=6,
            help="Sandbox events per minute; 0 turns the simulation off.",
        )

    def handle(self, *args, port: int, simulate_rate: int, **options):
        children = []
        if not os.environ.get("RUN_MAIN"):  # only once, not again in the autoreloader's child
            manage = [sys.executable, "manage.py"]
            call_command("jobs_resume")  # jobs the last run left unfinished go on
            call_command("index_refresh")  # the demo school's index: built, or kept fresh
            call_command("webhooks_refresh")  # follow-ups left; watches checked
            children.append(subprocess.Popen([*manage, "db_worker"]))  # noqa: S603
            if settings.SANDBOX_ENABLED and simulate_rate > 0:
                children.append(
                    subprocess.Popen(  # noqa: S603
                        [*manage, "sandbox_simulate", "--rate", str(simulate_rate)]
                    )
                )
        try:
            call_command("runserver", f"127.0.0.1:{port}")
        finally:
            for child in children:
                child.terminate()
