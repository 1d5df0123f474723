"""The graduate register's import from the national student system's CSV export.

`analyse` reads a file and checks every row against the reference data and the register without
writing anything; `preview` (the dry run) stores that outcome on a `GraduateImport`; `run_import`
upserts the valid rows by student number, batch by batch, and then verifies the members whose
confirmed address matches a new or changed record.

A file-level problem (unreadable file, missing or unknown columns, no rows) stops everything before
the register is touched. A bad row is reported and skipped; the other rows are imported. Importing
the same file twice changes nothing the second time. Values that look like spreadsheet formulas
are stored as text: nothing here evaluates them, and the admin escapes them like any other text.
"""

import codecs
import csv
import io
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from allauth.account.models import EmailAddress

from home.models import Faculty, Programme

from .models import GraduateImport, GraduateRecord
from .verification import match_register_for_records

BATCH_SIZE = 500  # rows per transaction; also keeps every IN (...) below SQLite's variable limit
MAX_UPLOAD_SIZE = 50 * 1024 * 1024

CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"
ACTIONS = (CREATE, UPDATE, UNCHANGED, ERROR)

# Canonical column -> the header names accepted for it (FS's Norwegian names first).
COLUMNS = {
    "student_number": ("studentnummer", "student_number", "studentnr"),
    "full_name": ("navn", "name"),
    "email": ("epost", "e-post", "email", "e-mail"),
    "faculty": ("fakultet", "faculty"),
    "programme_code": ("studieprogramkode", "programme_code"),
    "programme_name": ("studieprogram", "programme"),
    "degree": ("grad", "degree"),
    "graduation_date": ("eksamensdato", "graduation_date"),
}
REQUIRED_COLUMNS = ("student_number", "full_name", "faculty", "programme_name", "graduation_date")
MAX_LENGTHS = {
    "student_number": 20,
    "full_name": 200,
    "email": 254,
    "programme_name": 200,
    "degree": 100,
}
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y")
EARLIEST_YEAR = 1960

# The GraduateRecord fields a row sets, and the name each change is reported under.
RECORD_FIELDS = {
    "full_name": "full_name",
    "email": "email",
    "faculty_id": "faculty",
    "programme_id": "programme",
    "programme_name": "programme_name",
    "degree": "degree",
    "graduation_date": "graduation_date",
}


class ImportFileError(Exception):
    """The file as a whole cannot be imported; nothing has been changed."""


@dataclass
class RowResult:
    """What one row of the file would do (dry run) or did (import)."""

    row: int
    student_number: str
    action: str = ""
    messages: list = field(default_factory=list)
    changes: dict = field(default_factory=dict)
    values: dict | None = None  # GraduateRecord field values; None when the row has errors
    record_id: int | None = None

    def as_report(self) -> dict:
        return {
            "row": self.row,
            "action": self.action,
            "student_number": self.student_number,
            "messages": [str(message) for message in self.messages],
            "changes": self.changes,
        }


def decode(data: bytes) -> str:
    """The file's text: UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252/Latin-1."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ImportFileError(_("The file could not be read as text.")) from error
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def read_rows(data: bytes) -> tuple[list[str | None], list[tuple[int, list[str]]], dict]:
    """The canonical column of each position, the non-blank rows as (row number, cells) with
    rows numbered as a spreadsheet numbers them, and the header name used for each column."""
    text = decode(data)
    if not text.strip():
        raise ImportFileError(_("The file is empty."))
    if "\x00" in text:
        raise ImportFileError(_("This is not a CSV text file."))
    first_line = text.lstrip().split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header, rows = None, []
    try:
        # Row numbers count every record, blank ones too, so they match a spreadsheet's.
        for number, cells in enumerate(reader, start=1):
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = read_header(cells)
            else:
                rows.append((number, cells))
    except csv.Error as error:
        raise ImportFileError(
            _("The file could not be read as CSV near line %(line)s: %(error)s")
            % {"line": reader.line_num, "error": error}
        ) from error
    columns, names = header
    if not rows:
        raise ImportFileError(_("The file has a header but no graduates."))
    return columns, rows, names


def read_header(header: list[str]) -> tuple[list[str | None], dict]:
    aliases = {alias: column for column, names in COLUMNS.items() for alias in names}
    columns, names, unknown = [], {}, []
    for cell in header:
        label = cell.strip()
        key = label.lower().replace(" ", "_")
        column = aliases.get(key)
        if not label:
            columns.append(None)  # a trailing delimiter: an unnamed, ignored column
            continue
        if column is None:
            unknown.append(label)
            continue
        if column in names:
            raise ImportFileError(
                _("The column “%(column)s” appears more than once in the header.")
                % {"column": label}
            )
        names[column] = label
        columns.append(column)
    expected = ", ".join(names_[0] for names_ in COLUMNS.values())
    if unknown:
        raise ImportFileError(
            _("Unknown column(s) in the header: %(columns)s. Expected: %(expected)s.")
            % {"columns": ", ".join(unknown), "expected": expected}
        )
    missing = [COLUMNS[column][0] for column in REQUIRED_COLUMNS if column not in names]
    if missing:
        raise ImportFileError(
            _("Missing column(s) in the header: %(columns)s. Expected: %(expected)s.")
            % {"columns": ", ".join(missing), "expected": expected}
        )
    return columns, names


def parse_date(value: str) -> date | None:
    for date_format in DATE_FORMATS:
        try:
            return datetime.strptime(value, date_format).date()
        except ValueError:
            continue
    return None


class RowChecker:
    """Checks rows against the reference data and the register. It remembers the student numbers
    seen so far, so one checker reads one file, batch by batch."""

    def __init__(self, columns: list[str | None], names: dict):
        self.columns = columns
        self.names = names
        self.faculties = {}
        self.faculty_codes = {}
        for faculty in Faculty.objects.all():
            self.faculty_codes[faculty.pk] = faculty.code
            for key in (faculty.code, faculty.name_nb, faculty.name_en):
                self.faculties[key.strip().lower()] = faculty
        self.programmes = {
            programme.code.upper(): programme
            for programme in Programme.objects.select_related("faculty")
        }
        self.programme_codes = {programme.pk: code for code, programme in self.programmes.items()}
        self.first_row = {}
        self.latest_year = timezone.now().year + 6

    def check(self, number: int, cells: list[str]) -> RowResult:
        raw = {
            column: cells[index].strip() if index < len(cells) else ""
            for index, column in enumerate(self.columns)
            if column
        }
        result = RowResult(row=number, student_number=raw["student_number"][:40])
        errors, warnings = [], []
        if any(cell.strip() for cell in cells[len(self.columns) :]):
            errors.append(
                _("This row has %(found)s values; the header has %(expected)s columns.")
                % {"found": len(cells), "expected": len(self.columns)}
            )
        for column in REQUIRED_COLUMNS:
            if not raw[column]:
                errors.append(_("“%(column)s” is empty.") % {"column": self.names[column]})
        for column, limit in MAX_LENGTHS.items():
            if len(raw.get(column, "")) > limit:
                errors.append(
                    _("“%(column)s” is longer than %(limit)s characters.")
                    % {"column": self.names[column], "limit": limit}
                )
        email = raw.get("email", "")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                errors.append(_("“%(value)s” is not a valid e-mail address.") % {"value": email})
        faculty = None
        if raw["faculty"]:
            faculty = self.faculties.get(raw["faculty"].lower())
            if faculty is None:
                errors.append(
                    _("Unknown faculty “%(value)s”: use HH, HS, HIU or TNM or the full name.")
                    % {"value": raw["faculty"]}
                )
        programme = None
        code = raw.get("programme_code", "")
        if code:
            programme = self.programmes.get(code.upper())
            if programme is None:
                warnings.append(
                    _("Unknown programme code “%(code)s”: the programme is kept by name only.")
                    % {"code": code}
                )
            elif faculty is not None and programme.faculty_id != faculty.pk:
                errors.append(
                    _("Programme %(code)s belongs to %(programme_faculty)s, not %(faculty)s.")
                    % {
                        "code": code,
                        "programme_faculty": programme.faculty.code,
                        "faculty": faculty.code,
                    }
                )
        graduation_date = None
        if raw["graduation_date"]:
            graduation_date = parse_date(raw["graduation_date"])
            if graduation_date is None:
                errors.append(
                    _("“%(value)s” is not a date: use YYYY-MM-DD or DD.MM.YYYY.")
                    % {"value": raw["graduation_date"]}
                )
            elif not EARLIEST_YEAR <= graduation_date.year <= self.latest_year:
                errors.append(
                    _("The graduation date %(value)s is not plausible.")
                    % {"value": raw["graduation_date"]}
                )
        if result.student_number:
            first = self.first_row.setdefault(result.student_number, number)
            if first != number:
                errors.append(
                    _("Student number %(number)s is already on row %(row)s; only that row counts.")
                    % {"number": result.student_number, "row": first}
                )
        result.messages = errors + warnings
        if errors:
            result.action = ERROR
            return result
        result.values = {
            "full_name": raw["full_name"],
            "email": email,
            "faculty_id": faculty.pk,
            "programme_id": programme.pk if programme else None,
            "programme_name": raw["programme_name"],
            "degree": raw.get("degree", ""),
            "graduation_date": graduation_date,
        }
        return result

    def compare_with_register(self, results: list[RowResult]) -> None:
        """Decide create, update or unchanged for the valid rows, listing what would change."""
        valid = [result for result in results if result.values is not None]
        existing = {
            record["student_number"]: record
            for record in GraduateRecord.objects.filter(
                student_number__in=[result.student_number for result in valid]
            ).values("id", "student_number", *RECORD_FIELDS)
        }
        for result in valid:
            old = existing.get(result.student_number)
            if old is None:
                result.action = CREATE
                continue
            result.record_id = old["id"]
            result.changes = {
                name: [self.show(attribute, old[attribute]), self.show(attribute, new)]
                for attribute, name in RECORD_FIELDS.items()
                if old[attribute] != (new := result.values[attribute])
            }
            result.action = UPDATE if result.changes else UNCHANGED

    def show(self, attribute: str, value):
        """A value as the report shows it: codes for faculty and programme, ISO dates."""
        if attribute == "faculty_id":
            return self.faculty_codes.get(value, value)
        if attribute == "programme_id":
            return self.programme_codes.get(value, "") if value else ""
        if isinstance(value, date):
            return value.isoformat()
        return value


def batches(items: list, size: int | None = None) -> Iterable[list]:
    size = size or BATCH_SIZE
    for start in range(0, len(items), size):
        yield items[start : start + size]


def analyse(data: bytes, on_progress: Callable[[int, int], None] | None = None) -> list[RowResult]:
    """The dry run: what each row of the file would do. Writes nothing."""
    columns, rows, names = read_rows(data)
    checker = RowChecker(columns, names)
    results = []
    for batch in batches(rows):
        checked = [checker.check(number, cells) for number, cells in batch]
        checker.compare_with_register(checked)
        results.extend(checked)
        if on_progress:
            on_progress(len(results), len(rows))
    return results


def read_upload(graduate_import: GraduateImport) -> bytes:
    if not graduate_import.file:
        raise ImportFileError(_("The uploaded file is no longer there; upload it again."))
    try:
        with graduate_import.file.open("rb") as handle:
            return handle.read()
    except OSError as error:
        raise ImportFileError(_("The uploaded file could not be read; upload it again.")) from error


def record_progress(graduate_import: GraduateImport) -> Callable[[int, int], None]:
    def record(done: int, total: int) -> None:
        GraduateImport.objects.filter(pk=graduate_import.pk).update(
            processed_rows=done, total_rows=total
        )

    return record


def preview(graduate_import: GraduateImport) -> GraduateImport:
    """Dry run: store what each row would do in `graduate_import.report`; change no record."""
    if graduate_import.status not in (
        GraduateImport.Status.UPLOADED,
        GraduateImport.Status.PREVIEWED,
    ):
        return graduate_import
    try:
        results = analyse(read_upload(graduate_import), record_progress(graduate_import))
    except ImportFileError as error:
        return fail(graduate_import, error)
    except Exception as error:
        fail(graduate_import, error)
        raise
    return save_outcome(graduate_import, results, GraduateImport.Status.PREVIEWED)


def run_import(graduate_import: GraduateImport) -> bool:
    """Upsert the file's valid rows by student number, then verify the members they match.

    Only an uploaded or previewed import runs, and only once: the status is claimed atomically,
    so a task delivered twice does no harm. Returns whether this call ran the import."""
    claimed = GraduateImport.objects.filter(
        pk=graduate_import.pk,
        status__in=[GraduateImport.Status.UPLOADED, GraduateImport.Status.PREVIEWED],
    ).update(status=GraduateImport.Status.IMPORTING, processed_rows=0)
    if not claimed:
        return False
    graduate_import.status = GraduateImport.Status.IMPORTING
    graduate_import.processed_rows = 0
    try:
        columns, rows, names = read_rows(read_upload(graduate_import))
    except ImportFileError as error:
        fail(graduate_import, error)
        return True
    graduate_import.total_rows = len(rows)
    GraduateImport.objects.filter(pk=graduate_import.pk).update(total_rows=len(rows))
    checker = RowChecker(columns, names)
    results, touched = [], []
    try:
        for batch in batches(rows):
            checked = [checker.check(number, cells) for number, cells in batch]
            with transaction.atomic():
                checker.compare_with_register(checked)
                written = write_batch(checked, graduate_import)
                GraduateImport.objects.filter(pk=graduate_import.pk).update(
                    processed_rows=len(results) + len(checked)
                )
            results.extend(checked)
            touched += written
            graduate_import.processed_rows = len(results)
        for pairs in batches(touched):
            match_register_for_records(ids_with_verified_addresses(pairs))
    except Exception as error:
        fail(graduate_import, error)
        raise
    save_outcome(graduate_import, results, GraduateImport.Status.DONE)
    return True


def write_batch(results: list[RowResult], graduate_import: GraduateImport) -> list[tuple]:
    """Create and update the records of one batch; (id, e-mail) of each record written."""
    new = [
        GraduateRecord(
            student_number=result.student_number, last_import=graduate_import, **result.values
        )
        for result in results
        if result.action == CREATE
    ]
    GraduateRecord.objects.bulk_create(new)
    changed = [result for result in results if result.action == UPDATE]
    update_records(changed, graduate_import)
    if any(record.pk is None for record in new):  # a database that returns no ids from inserts
        ids = dict(
            GraduateRecord.objects.filter(
                student_number__in=[record.student_number for record in new]
            ).values_list("student_number", "pk")
        )
        for record in new:
            record.pk = ids[record.student_number]
    return [(record.pk, record.email) for record in new] + [
        (result.record_id, result.values["email"]) for result in changed
    ]


def update_records(results: list[RowResult], graduate_import: GraduateImport) -> None:
    """One parametrised UPDATE per changed record, sent with executemany. bulk_update builds a
    CASE per column over the batch, which SQLite evaluates row by row: 100,000 changed records
    took minutes that way, and take seconds this way on SQLite and PostgreSQL alike."""
    if not results:
        return
    opts = GraduateRecord._meta
    fields = [opts.get_field(name) for name in RECORD_FIELDS.values()]
    fields += [opts.get_field("last_import"), opts.get_field("updated_at")]
    quote = connection.ops.quote_name
    # Only names from the model's own metadata go into the SQL; every value is a parameter.
    sql = "UPDATE {table} SET {columns} WHERE {pk} = %s".format(  # noqa: S608
        table=quote(opts.db_table),
        columns=", ".join(f"{quote(field.column)} = %s" for field in fields),
        pk=quote(opts.pk.column),
    )
    now = timezone.now()
    rows = []
    for result in results:
        values = [result.values[field.attname] for field in fields[:-2]]
        values += [graduate_import.pk, now]
        rows.append(
            [
                field.get_db_prep_save(value, connection)
                for field, value in zip(fields, values, strict=True)
            ]
            + [result.record_id]
        )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def ids_with_verified_addresses(records: list[tuple]) -> list[int]:
    """Of (id, e-mail) pairs, the ids whose address some member has confirmed: only those can
    match, and on a first import of 100,000 graduates they are few."""
    emails = {email.lower() for _pk, email in records if email}
    if not emails:
        return []
    confirmed = {
        address.lower()
        for address in EmailAddress.objects.filter(verified=True, email__in=emails).values_list(
            "email", flat=True
        )
    }
    return [pk for pk, email in records if email and email.lower() in confirmed]


def summarise(results: list[RowResult]) -> Counter:
    return Counter(result.action for result in results)


def save_outcome(graduate_import: GraduateImport, results: list[RowResult], status: str):
    counts = summarise(results)
    graduate_import.report = [result.as_report() for result in results]
    graduate_import.total_rows = graduate_import.processed_rows = len(results)
    graduate_import.created = counts[CREATE]
    graduate_import.updated = counts[UPDATE]
    graduate_import.unchanged = counts[UNCHANGED]
    graduate_import.error_count = counts[ERROR]
    graduate_import.status = status
    graduate_import.failure = ""
    if status == GraduateImport.Status.DONE:
        finish(graduate_import)
    graduate_import.save()
    return graduate_import


def fail(graduate_import: GraduateImport, error: Exception) -> GraduateImport:
    """Record why the import stopped, and whether the batches before it were written."""
    if graduate_import.status == GraduateImport.Status.IMPORTING and graduate_import.processed_rows:
        outcome = _(
            "The first %(rows)s rows were imported before it stopped; importing the file again "
            "completes the import."
        ) % {"rows": graduate_import.processed_rows}
    else:
        outcome = _("Nothing was changed.")
    graduate_import.status = GraduateImport.Status.FAILED
    graduate_import.failure = f"{str(error) or error.__class__.__name__} {outcome}"
    finish(graduate_import)
    graduate_import.save()
    return graduate_import


def finish(graduate_import: GraduateImport) -> None:
    """The uploaded file holds personal data: it goes as soon as the import has run or failed."""
    if graduate_import.file:
        graduate_import.file.delete(save=False)
    graduate_import.finished_at = timezone.now()
