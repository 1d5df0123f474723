"""Run daily (cron or a systemd timer): compute the coordinators' figures into snapshot rows.

Recomputes the current and the previous month; `--months 12` backfills a year. Safe to run twice:
a month's rows are replaced."""

from django.core.management.base import BaseCommand

from figures import computing


class Command(BaseCommand):
    help = "Compute the figures of the current and previous month (--months N for more)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=2,
            help="How many months back to compute, the current one included (default 2).",
        )

    def handle(self, *args, months, **options):
        rows = computing.compute(months)
        self.stdout.write(f"Computed {rows} figure(s) over {max(months, 1)} month(s).")
