"""Run every hour or so (cron or a systemd timer): members whose saved job searches have new
matches are told, through their notification settings for job alerts (SECURITY.md E10). Safe to
run as often as you like: each search remembers the newest posting it has told about."""

from django.core.management.base import BaseCommand

from careers.jobs.alerts import send_job_alerts


class Command(BaseCommand):
    help = "Tell members about new jobs matching their saved searches."

    def handle(self, *args, **options):
        told = send_job_alerts()
        self.stdout.write(f"Told {told} member alert(s) about new jobs.")
