from django.core.management import BaseCommand

from apps.connections.models import Connection
from apps.index.services import request_sync


class Command(BaseCommand):
    help = (
        "Queue an index task for every school whose index has work due: a first or "
        "scheduled full pass, a pass a stopped worker left unfinished, or the re-read of "
        "changed enrollments. Run it every minute or so (cron or a timer) and as the "
        "worker starts; a school whose index a live task holds is left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="Start a full pass now.")

    def handle(self, *args, full: bool, **options):
        queued = [
            school.slug
            for school in Connection.objects.filter(is_active=True)
            if request_sync(school, force=full)
        ]
        self.stdout.write(f"Queued index work for {len(queued)} school(s).")
