"""Reading the student system's CSV export: its encoding, its header and each of its rows.

Nothing here writes. `read_rows` turns a file into numbered rows, or raises `ImportFileError` for a
problem with the file as a whole; `RowChecker` checks each row against the reference data and
compares the valid ones with the register.
"""

import codecs
import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.models import Faculty, Programme

from ..models import GraduateRecord

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
