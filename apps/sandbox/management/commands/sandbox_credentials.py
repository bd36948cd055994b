"""`manage.py sandbox_credentials`: how to reach each sandbox school (API key, OAuth, URLs)."""

import json

from django.core.management import BaseCommand

from apps.sandbox.models import School
from apps.sandbox.selectors import school_credentials


class Command(BaseCommand):
    help = "Print each sandbox school's credentials and base URLs."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="A JSON list, for tools.")
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Where this site is served (default: %(default)s).",
        )

    def handle(self, *args, **options):
        base_url = options["base_url"].rstrip("/")
        rows = [school_credentials(school, base_url) for school in School.objects.all()]
        if options["json"]:
            self.stdout.write(json.dumps(rows, indent=2))
            return
        if not rows:
            self.stdout.write("No sandbox school yet: run `manage.py sandbox_seed`.")
        for row in rows:
            self.stdout.write(f"\n{row['name']}")
            for key, value in row.items():
                if key != "name":
                    self.stdout.write(f"  {key:<20} {value}")
