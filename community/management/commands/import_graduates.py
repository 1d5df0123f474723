"""Import graduates from the national student system's CSV export.

    python manage.py import_graduates FILE [--dry-run]

Prints what each row would do (--dry-run) or did (new, changed, error; unchanged rows with
-v 2) and a summary. A file that cannot be imported as a whole (unreadable, wrong
header) is an error: nothing is changed and the exit code is non-zero. Rows with errors are
reported and skipped.
"""

from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from community.graduate_import import (
    CREATE,
    ERROR,
    UNCHANGED,
    UPDATE,
    ImportFileError,
    analyse,
    run_import,
)
from community.models import GraduateImport


class Command(BaseCommand):
    help = "Import graduates from the student system's CSV export (a dry run with --dry-run)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file exported from the student system.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only show what would be created, changed and refused; change nothing.",
        )

    def handle(self, *args, file, dry_run, verbosity, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error}
            ) from error
        if dry_run:
            try:
                entries = [result.as_report() for result in analyse(data)]
            except ImportFileError as error:
                raise CommandError(str(error)) from error
            self.print_rows(entries, verbosity)
            self.print_summary(entries)
            self.stdout.write(_("Dry run: nothing was changed."))
            return
        # The import checks every row again as it goes; its report is what it did.
        graduate_import = GraduateImport(original_name=path.name[:200])
        graduate_import.file.save(path.name, ContentFile(data), save=True)
        run_import(graduate_import)
        graduate_import.refresh_from_db()
        if graduate_import.status != GraduateImport.Status.DONE:
            raise CommandError(graduate_import.failure)
        self.print_rows(graduate_import.report, verbosity)
        self.print_summary(graduate_import.report)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Imported: %(created)s new, %(updated)s changed, %(unchanged)s unchanged, "
                    "%(errors)s rows skipped."
                )
                % {
                    "created": graduate_import.created,
                    "updated": graduate_import.updated,
                    "unchanged": graduate_import.unchanged,
                    "errors": graduate_import.error_count,
                }
            )
        )

    def print_rows(self, entries, verbosity):
        labels = {
            CREATE: _("new"),
            UPDATE: _("changed"),
            UNCHANGED: _("unchanged"),
            ERROR: _("error"),
        }
        for entry in entries:
            if verbosity < 1 or (entry["action"] == UNCHANGED and verbosity < 2):
                continue
            details = [
                f"{name}: {old!r} → {new!r}" for name, (old, new) in entry["changes"].items()
            ] + entry["messages"]
            line = _("Row %(row)s (%(number)s): %(action)s") % {
                "row": entry["row"],
                "number": entry["student_number"] or "–",
                "action": labels[entry["action"]],
            }
            if details:
                line += " – " + "; ".join(details)
            if entry["action"] == ERROR:
                self.stderr.write(line)
            else:
                self.stdout.write(line)

    def print_summary(self, entries):
        counts = dict.fromkeys((CREATE, UPDATE, UNCHANGED, ERROR), 0)
        for entry in entries:
            counts[entry["action"]] += 1
        self.stdout.write(
            _(
                "%(total)s rows: %(created)s new, %(updated)s changed, %(unchanged)s unchanged, "
                "%(errors)s with errors."
            )
            % {
                "total": len(entries),
                "created": counts[CREATE],
                "updated": counts[UPDATE],
                "unchanged": counts[UNCHANGED],
                "errors": counts[ERROR],
            }
        )
