"""`manage.py sandbox_simulate`: live student activity in the sandbox schools."""

import random
import time

from django.core.management import BaseCommand, CommandError
from django.utils import timezone

from apps.sandbox.demo.activity import activity_run
from apps.sandbox.models import School


class Command(BaseCommand):
    help = (
        "Simulate students: sign-ups, sign-ins, orders, trials, lessons, quizzes, completions. "
        "Each step changes a school and fires its webhooks. Runs until stopped, or for "
        "--count steps or --duration seconds."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rate", type=float, default=6, help="Steps per minute.")
        parser.add_argument("--count", type=int, help="Stop after this many steps.")
        parser.add_argument("--duration", type=float, help="Stop after this many seconds.")
        parser.add_argument("--subdomain", help="Only this school (default: every school).")
        parser.add_argument("--seed", type=int, help="Repeatable choices.")

    def handle(self, *args, rate, count, duration, subdomain, seed, **options):
        if rate <= 0:
            raise CommandError("--rate must be above 0.")
        rng = random.Random(seed)  # noqa: S311 (simulation, not secrets)
        deadline = time.monotonic() + duration if duration is not None else None
        steps = 0
        while (count is None or steps < count) and (
            deadline is None or time.monotonic() < deadline
        ):
            schools = School.objects.all()
            if subdomain:
                schools = schools.filter(subdomain=subdomain)
            schools = list(schools)
            school = rng.choice(schools) if schools else None
            steps += 1
            if school is None:
                self.stderr.write("No sandbox school to simulate (run sandbox_seed); waiting.")
            else:
                topics = activity_run(school, rng)
                stamp = timezone.localtime().strftime("%H:%M:%S")
                self.stdout.write(f"[{stamp}] {school.subdomain}: {', '.join(topics) or '-'}")
            if count is not None and steps >= count:
                break
            time.sleep(_pause(60 / rate, deadline))


def _pause(interval: float, deadline: float | None) -> float:
    if deadline is None:
        return interval
    return max(0.0, min(interval, deadline - time.monotonic()))
