"""`manage.py restore_drill`: prove the backups restore. Back up this site, restore into a fresh
scratch database (PostgreSQL: a new database usn_alumni_drill_<timestamp> on the same server;
SQLite: a temporary file) and the media into a temporary folder, compare every table's row count,
report times and sizes, and remove everything the drill made — also when it fails."""

import shutil
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ops import backups


class Command(BaseCommand):
    help = "Back up, restore into a scratch database, compare row counts, clean up."

    def handle(self, *args, **options):
        source = connection.settings_dict
        workdir = Path(tempfile.mkdtemp(prefix="usn-drill-"))
        try:
            self._drill(source, workdir)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

    def _drill(self, source, workdir):
        started = time.perf_counter()
        backup = backups.create_backup(
            workdir / "backups", source, settings.MEDIA_ROOT, source_connection=connection
        )
        backup_seconds = time.perf_counter() - started
        if backups.engine_of(source) == "postgresql":
            scratch_name = f"usn_alumni_drill_{datetime.now(UTC):%Y%m%d%H%M%S%f}"
            scratch = backups.create_scratch_postgresql(source, scratch_name)
            try:
                result = backups.restore_backup(
                    backups.load_verified(backup.path), scratch, workdir / "media"
                )
            finally:
                backups.drop_scratch_postgresql(source, scratch_name)
        else:
            scratch = {**source, "NAME": str(workdir / "drill.sqlite3")}
            result = backups.restore_backup(
                backups.load_verified(backup.path), scratch, workdir / "media"
            )
        self.stdout.write(backups.format_comparison(result))
        files = ", ".join(
            f"{name} {entry['bytes']:,} bytes" for name, entry in backup.manifest["files"].items()
        )
        self.stdout.write(
            f"Drill on {backups.describe(source)}: {len(result.compared)} tables, "
            f"{backup.manifest['rows']} rows, {result.media_files} media files.\n"
            f"Backup {backup_seconds:.1f} s ({files}); restore and count {result.seconds:.1f} s "
            f"into {backups.describe(scratch)} (removed afterwards)."
        )
        if result.differences:
            raise CommandError(
                f"Drill FAILED: {len(result.differences)} tables differ: "
                + ", ".join(table for table, _, _ in result.differences)
            )
        self.stdout.write(self.style.SUCCESS("Drill passed: every table's row count matches."))
