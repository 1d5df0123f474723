"""`manage.py restore DIR [--into DATABASE_URL] [--yes]`: check a backup against its manifest,
restore database and media, and compare every table's row count with the manifest."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ops import backups


class Command(BaseCommand):
    help = "Restore a backup folder (database and media) and compare row counts with its manifest."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a backup folder, e.g. var/backups/20260101T020000Z")
        parser.add_argument(
            "--into", default="", help="database URL to restore into (default: this site's)"
        )
        parser.add_argument(
            "--media-into", default="", help="folder for the media (default: MEDIA_ROOT)"
        )
        parser.add_argument(
            "--yes", action="store_true", help="overwrite a database that is not empty"
        )

    def handle(self, *args, **options):
        target = (
            backups.database_from_url(options["into"])
            if options["into"]
            else connection.settings_dict
        )
        media_root = Path(options["media_into"] or settings.MEDIA_ROOT)
        try:
            backup = backups.load_verified(Path(options["folder"]))
            self.stdout.write(
                f"Backup {backup.path.name} of {backup.manifest['created_at']}: files match "
                "the manifest."
            )
            result = backups.restore_backup(backup, target, media_root, options["yes"])
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(backups.format_comparison(result))
        self.stdout.write(
            f"Restored into {backups.describe(target)} and {result.media_files} media files "
            f"into {media_root} in {result.seconds:.1f} s."
        )
        if result.differences:
            raise CommandError(
                f"{len(result.differences)} tables differ from the backup's manifest: "
                + ", ".join(table for table, _, _ in result.differences)
            )
        rows = sum(n or 0 for _, n, _ in result.compared)
        self.stdout.write(
            self.style.SUCCESS(f"All {len(result.compared)} tables match ({rows} rows).")
        )
