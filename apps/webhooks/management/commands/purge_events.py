"""Remove stored events past their retention; run it daily (cron, a scheduler)."""

from django.conf import settings
from django.core.management import BaseCommand, CommandError

from apps.webhooks.retention import events_purge


class Command(BaseCommand):
    help = (
        "Delete webhook events received more than --days days ago (WEBHOOK_EVENT_RETENTION_DAYS)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep this many days (default: WEBHOOK_EVENT_RETENTION_DAYS).",
        )

    def handle(self, *args, days: int | None, **options):
        days = settings.WEBHOOK_EVENT_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError("--days must be 1 or more.")
        removed = events_purge(older_than_days=days)
        self.stdout.write(
            f"Removed {removed} event{'s' if removed != 1 else ''} older than {days} days."
        )
