"""Remove history entries past their retention; run it daily (cron, a scheduler)."""

from django.conf import settings
from django.core.management import BaseCommand, CommandError

from apps.history.services import history_purge


class Command(BaseCommand):
    help = "Delete history entries made more than --days days ago (HISTORY_RETENTION_DAYS)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep this many days (default: HISTORY_RETENTION_DAYS).",
        )

    def handle(self, *args, days: int | None, **options):
        days = settings.HISTORY_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError("--days must be 1 or more.")
        removed = history_purge(older_than_days=days)
        entries = "entry" if removed == 1 else "entries"
        self.stdout.write(f"Removed {removed} history {entries} older than {days} days.")
