"""Run from cron: daily with --frequency daily, on Mondays with --frequency weekly."""

from django.core.management.base import BaseCommand

from community.notifications import send_digests


class Command(BaseCommand):
    help = "Mail each member one digest of their unread notifications of the chosen frequency."

    def add_arguments(self, parser):
        parser.add_argument("--frequency", choices=["daily", "weekly"], required=True)

    def handle(self, *args, frequency, **options):
        sent = send_digests(frequency)
        self.stdout.write(f"Sent {sent} {frequency} notification digest(s).")
