"""Run from cron every hour: reports a group's moderators left undecided for 72 hours go to the
site's moderators (the report queue in the admin)."""

from django.core.management.base import BaseCommand

from community.moderation.service import escalate_group_reports


class Command(BaseCommand):
    help = "Send reports on group posts left undecided by the group's moderators to the site's."

    def handle(self, *args, **options):
        escalated = escalate_group_reports()
        self.stdout.write(f"Sent {escalated} group report(s) to the site's moderators.")
