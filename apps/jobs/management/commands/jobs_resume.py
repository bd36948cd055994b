from django.core.management import BaseCommand

from apps.jobs.models import Job
from apps.jobs.services import enqueue


class Command(BaseCommand):
    help = (
        "Queue a task for every unfinished job, so that jobs whose worker stopped go on. "
        "Run it as the worker starts (make run does); a live job's task keeps its hold."
    )

    def handle(self, *args, **options):
        jobs = Job.objects.filter(status__in=Job.ACTIVE)
        for job in jobs:
            enqueue(job)
        self.stdout.write(f"Queued {len(jobs)} unfinished job(s).")
