from django.core.management import BaseCommand

from apps.webhooks.tasks import followups_sweep, watches_checks_queue


class Command(BaseCommand):
    help = (
        "Queue what is due for every school's events and watches: follow-ups a lost task "
        "or a stopped worker left behind, retries whose task never came, and the scheduled "
        "check of each school's webhooks on Thinkific (WATCHES_CHECK_EVERY_MINUTES), which "
        "repairs any drift. Run it every minute or so (cron or a timer, beside "
        "index_refresh) and as the worker starts."
    )

    def handle(self, *args, **options):
        self.stdout.write(followups_sweep())
        self.stdout.write(watches_checks_queue())
