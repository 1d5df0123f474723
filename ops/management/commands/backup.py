"""`manage.py backup [--to DIR]`: one backup folder of the database and media (ops/backups.py),
then prune to the newest BACKUP_KEEP."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ops import backups


class Command(BaseCommand):
    help = "Back up the database and media into a new folder under BACKUP_DIR (var/backups)."

    def add_arguments(self, parser):
        parser.add_argument("--to", default="", help="folder for the backups (BACKUP_DIR)")
        parser.add_argument(
            "--keep", type=int, default=None, help="backups to keep (BACKUP_KEEP, default 14)"
        )

    def handle(self, *args, **options):
        root = Path(options["to"] or settings.BACKUP_DIR)
        keep = options["keep"] if options["keep"] is not None else settings.BACKUP_KEEP
        try:
            backup = backups.create_backup(
                root, connection.settings_dict, settings.MEDIA_ROOT, source_connection=connection
            )
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = backup.manifest
        self.stdout.write(
            f"Backup written to {backup.path}: {manifest['database']}, "
            f"{len(manifest['tables'])} tables, {manifest['rows']} rows, {backup.size:,} bytes."
        )
        if "skipped" in manifest["media"]:
            self.stdout.write(f"Media not included. {manifest['media']['skipped']}")
        else:
            self.stdout.write(f"Media: {manifest['media']['files']} files.")
        for path in backups.prune(root, keep):
            self.stdout.write(f"Removed old backup {path.name} (keeping {keep}).")
