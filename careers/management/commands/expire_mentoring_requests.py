"""Run daily or more often (cron or a systemd timer): mentoring requests unanswered for 14 days
expire and the mentee is told. Safe to run as often as you like: an expired request is not
touched again."""

from django.core.management.base import BaseCommand

from careers.mentoring.service import expire_requests


class Command(BaseCommand):
    help = "Expire mentoring requests that have waited 14 days for an answer."

    def handle(self, *args, **options):
        expired = expire_requests()
        self.stdout.write(f"Expired {expired} mentoring request(s).")
