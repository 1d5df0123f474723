"""Run every 15 minutes or so (cron or a systemd timer): reminders for events starting within
24 hours and feedback requests for events that have ended; visitors who never confirmed their
address are forgotten once their link has expired. Safe to run as often as you like."""

from django.core.management.base import BaseCommand

from events.reminders import (
    purge_unconfirmed_visitors,
    send_event_reminders,
    send_feedback_requests,
)


class Command(BaseCommand):
    help = "Send the event reminders and feedback requests that are due."

    def handle(self, *args, **options):
        reminders = send_event_reminders()
        feedback = send_feedback_requests()
        purged = purge_unconfirmed_visitors()
        self.stdout.write(
            f"Sent {reminders} reminder(s) and {feedback} feedback request(s); "
            f"forgot {purged} unconfirmed visitor registration(s)."
        )
