"""A long-lived campaign worker: starts due campaigns and sends until stopped. SIGTERM (or
Ctrl-C) lets it finish the message in hand, put its other claimed rows back and exit cleanly.
While the mail server is away it retries after 5, 10, 20 … seconds, at most --retry-max-seconds
apart (SECURITY.md R6); the queued rows wait in the database meanwhile."""

import logging
import signal

from django.core.management.base import BaseCommand

from newsletters.sending import RetryBackoff, _sleep, run_worker, start_due_campaigns
from newsletters.tasks import worker_name

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Send campaign mail in batches until stopped (SIGTERM: finish the current message)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--worker-id",
            default="",
            help="a stable name: a restarted worker takes back its own rows at once",
        )
        parser.add_argument("--batch-size", type=int, default=None)
        parser.add_argument("--idle-seconds", type=float, default=10.0)
        parser.add_argument("--retry-seconds", type=float, default=5.0)
        parser.add_argument("--retry-max-seconds", type=float, default=300.0)
        parser.add_argument(
            "--stop-when-idle", action="store_true", help="exit when nothing is queued"
        )

    def handle(self, *args, **options):
        stopping = []

        def stop(signum, frame):
            stopping.append(signum)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        worker_id = options["worker_id"] or worker_name("worker")
        should_stop = lambda: bool(stopping)  # noqa: E731
        totals = {"sent": 0, "skipped": 0, "failed": 0}
        backoff = RetryBackoff(options["retry_seconds"], options["retry_max_seconds"])
        while not should_stop():
            start_due_campaigns()
            stats = run_worker(
                worker_id,
                batch_size=options["batch_size"],
                stop_when_idle=True,
                should_stop=should_stop,
            )
            for key in totals:
                totals[key] += getattr(stats, key)
            if options["stop_when_idle"] and not stats.claimed and not stats.errors:
                break
            if stats.errors:
                delay = backoff.failed()
                logger.warning("Worker %s: retrying in %.1f s", worker_id, delay)
                _sleep(delay, should_stop)
            else:
                backoff.succeeded()
                if not stats.claimed:
                    _sleep(options["idle_seconds"], should_stop)
        self.stdout.write(
            f"worker {worker_id}: sent {totals['sent']}, skipped {totals['skipped']}, "
            f"failed {totals['failed']}"
        )
