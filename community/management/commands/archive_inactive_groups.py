"""Run daily (cron or a systemd timer): warn the owners of groups that have been quiet for 335
days, and archive the groups that stayed quiet for a year after that warning."""

from django.core.management.base import BaseCommand

from community.groups.membership import archive_inactive_groups


class Command(BaseCommand):
    help = "Send archiving notices to owners of inactive groups and archive groups quiet a year."

    def handle(self, *args, **options):
        noticed, archived = archive_inactive_groups()
        self.stdout.write(f"Sent {noticed} archiving notice(s); archived {archived} group(s).")
