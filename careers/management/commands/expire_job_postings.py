"""Run every hour or so (cron or a systemd timer): job postings whose time is up expire, with a
mail to the poster on how to renew, edit or close them; postings expiring within a few days get
one notice before. Safe to run as often as you like: nothing is mailed twice."""

from django.core.management.base import BaseCommand

from careers.jobs.service import expire_postings, send_expiry_notices


class Command(BaseCommand):
    help = "Expire the job postings whose time is up and send the notices before expiry."

    def handle(self, *args, **options):
        expired = expire_postings()
        notices = send_expiry_notices()
        self.stdout.write(f"Expired {expired} job posting(s); sent {notices} expiry notice(s).")
