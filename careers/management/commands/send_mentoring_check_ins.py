"""Run daily (cron or a systemd timer): active mentorships past their agreed end are completed
and both sides asked for feedback; those whose check-in has come remind both sides, and the
check-in moves 30 days on. Safe to run as often as you like: a mentorship is reminded once per
check-in."""

from django.core.management.base import BaseCommand

from careers.mentoring.service import complete_finished_mentorships, send_check_ins


class Command(BaseCommand):
    help = "Complete finished mentorships and send the mentoring check-in reminders that are due."

    def handle(self, *args, **options):
        completed = complete_finished_mentorships()
        reminded = send_check_ins()
        self.stdout.write(
            f"Completed {completed} mentorship(s); reminded {reminded} mentorship(s) to check in."
        )
