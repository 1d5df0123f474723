"""Start due campaigns and send what is queued, then exit: for cron, every minute."""

from django.core.management.base import BaseCommand

from newsletters.sending import run_worker, start_due_campaigns
from newsletters.tasks import worker_name


class Command(BaseCommand):
    help = "Start the campaigns that are due and send their queued mail (safe to run twice)."

    def add_arguments(self, parser):
        parser.add_argument("--worker-id", default="", help="default: cron-<host>-<pid>")
        parser.add_argument("--batch-size", type=int, default=None)

    def handle(self, *args, **options):
        started = start_due_campaigns()
        stats = run_worker(
            options["worker_id"] or worker_name("cron"), batch_size=options["batch_size"]
        )
        self.stdout.write(
            f"started {len(started)} campaign(s); sent {stats.sent}, skipped {stats.skipped}, "
            f"failed {stats.failed}"
        )
