from django.core.management import BaseCommand

from apps.webhooks.tasks import followups_sweep


class Command(BaseCommand):
    help = (
        "Queue what is due for every school's events: follow-ups a lost task or a stopped "
        "worker left behind, and retries whose task never came. Run it every minute or so "
        "(cron or a timer, beside index_refresh) and as the worker starts."
    )

    def handle(self, *args, **options):
        self.stdout.write(followups_sweep())
