"""`manage.py sandbox_seed`: build a demo school, deterministically, at a chosen size."""

import time

from django.core.management import BaseCommand, CommandError
from django.utils.text import slugify

from apps.sandbox.demo.seed import Sizes, counts, school_reseed, school_seed
from apps.sandbox.models import School


class Command(BaseCommand):
    help = (
        "Create a demo school filled with generated records (about 2,000 users, 40 courses, "
        "5,000 enrollments by default). Running it again leaves an existing school alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("--subdomain", default="demo-academy")
        parser.add_argument("--name", default="", help="Default: from the subdomain.")
        parser.add_argument("--users", type=int, default=2000, help="Other counts scale with it.")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same records.")
        parser.add_argument(
            "--reset", action="store_true", help="Rebuild the records of an existing school."
        )

    def handle(self, *args, subdomain: str, name: str, users: int, seed: int, reset: bool, **_):
        if slugify(subdomain) != subdomain:
            raise CommandError(f"{subdomain!r} is not a valid subdomain (lowercase, digits, -).")
        if users < 1:
            raise CommandError("--users must be at least 1.")
        sizes = Sizes.for_users(users)
        school = School.objects.filter(subdomain=subdomain).first()
        if school and not reset:
            self.stdout.write(
                f"School '{school.name}' ({subdomain}) exists already; left alone "
                "(--reset rebuilds its records)."
            )
            return
        started = time.monotonic()
        if school:
            school_reseed(school=school, sizes=sizes, seed=seed)
        else:
            name = name or subdomain.replace("-", " ").title()
            school = school_seed(subdomain=subdomain, name=name, sizes=sizes, seed=seed)
        elapsed = time.monotonic() - started
        summary = ", ".join(f"{count:,} {label}" for label, count in counts(school).items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded '{school.name}' ({subdomain}) in {elapsed:.1f}s: {summary}."
            )
        )
