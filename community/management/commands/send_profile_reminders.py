"""Run daily (cron or a systemd timer): mail members whose profile was last confirmed a year ago."""

from django.core.management.base import BaseCommand

from community.reminders import send_profile_reminders


class Command(BaseCommand):
    help = "Send the yearly 'is your profile still correct?' reminders that are due."

    def handle(self, *args, **options):
        sent = send_profile_reminders()
        self.stdout.write(f"Sent {sent} profile reminder(s).")
