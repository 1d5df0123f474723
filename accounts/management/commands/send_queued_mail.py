"""Send the mail waiting in the outbox (accounts.outbox, SECURITY.md R6): from cron every
minute, or `--loop` as a long-lived worker. Rows wait for their back-off; safe to run twice and
in several processes at once. SIGTERM (or Ctrl-C) lets the loop finish the mail in hand."""

import signal
import time

from django.core.management.base import BaseCommand

from accounts.outbox import send_queued


class Command(BaseCommand):
    help = "Send the mail waiting in the outbox, once or (--loop) until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="keep going until stopped")
        parser.add_argument("--idle-seconds", type=float, default=5.0)
        parser.add_argument(
            "--max-seconds", type=float, default=0, help="stop the loop after this long (0: never)"
        )

    def handle(self, *args, **options):
        stopping = []
        signal.signal(signal.SIGTERM, lambda signum, frame: stopping.append(signum))
        signal.signal(signal.SIGINT, lambda signum, frame: stopping.append(signum))
        deadline = time.monotonic() + options["max_seconds"] if options["max_seconds"] else None
        totals = {"sent": 0, "failed": 0, "given_up": 0, "interrupted": 0}
        while True:
            stats = send_queued()
            for key in totals:
                totals[key] += getattr(stats, key)
            if not options["loop"]:
                break
            until = time.monotonic() + options["idle_seconds"]
            while not stopping and time.monotonic() < until:
                time.sleep(0.1)
            if stopping or (deadline and time.monotonic() > deadline):
                break
        self.stdout.write(
            "outbox: sent {sent}, failed {failed}, given up {given_up}, "
            "interrupted {interrupted}".format(**totals)
        )
