"""Run once a day (cron or a systemd timer): purge the personal data that has outlived its
retention period (SECURITY.md P4, docs/privacy.md). One line per rule; `--dry-run` only counts.
Safe to run twice; a rule that fails is reported and the others still run."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.retention import apply, rules


class Command(BaseCommand):
    help = "Purge personal data older than its retention period (--dry-run only counts)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print how much each rule would purge, and purge nothing.",
        )

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        failed = []
        for rule in rules():
            try:
                count = apply(rule, now, dry_run=dry_run)
            except Exception as error:  # noqa: BLE001 - report it, and run the other rules
                failed.append(rule.name)
                self.stderr.write(f"{rule.name}: failed: {error!r}")
                continue
            verb = "would purge" if dry_run else "purged"
            self.stdout.write(
                f"{rule.name}: {verb} {count} (older than {rule.period.days} days; {rule.label})"
            )
        if failed:
            raise CommandError(f"Retention rules failed: {', '.join(failed)}")
